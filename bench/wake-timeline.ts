// A wake as a user sees it (issue 30, point 6): an initialize to a stopped server through the
// manager, timed from the request to the first byte of the answer and cut into its steps: the
// scale (request -> pod created), scheduling, kwok giving the pod its IP, the pod's process
// starting to listen, Ready (the harness sets it once the process listens, as a readiness probe
// would), and the proxy (Ready -> first byte). Part of the scale-to-zero benchmark; alone:
//   BENCH_WAKES=20 node bench/wake-timeline.ts      (KUBECONFIG of the local control plane)
import { spawnPodProcess } from '@mcp-lifecycle/k8s-adapter/pod-processes'
import type { PodProcess, PodProcesses } from '@mcp-lifecycle/k8s-adapter/pod-processes'
import { cluster, type Cluster, createNamespace, deleteNamespace, startExamplePods } from './lib.ts'
import { envInt, freePort, log, sleep, summarize, type Summary, table } from './stats.ts'
import {
  createBenchServers,
  initializeBody,
  mcpPost,
  PodWatch,
  READY_WHEN_LISTENING,
  scale,
  seenByWatch,
  startManager,
  waitPods,
} from './scale-to-zero-lib.ts'
import type { Manager } from './scale-to-zero-lib.ts'

export interface WakeResult {
  wakes: number
  /** pod Ready seen by the bench's watch -> response headers of the first request */
  ready_to_first_byte_ms: Summary
  /** the later of pod Ready and its process listening -> first byte: the manager's share */
  ready_and_listening_to_first_byte_ms: Summary
  /** pod Ready -> the example process listening (negative: Ready came after listening) */
  ready_to_listening_ms: Summary
  request_to_first_byte_ms: Summary
  /** request -> first byte, step by step; the steps add up to the whole */
  steps_ms: Record<WakeStep, Summary>
  /**
   * Baseline, no manager and no cluster: an example process just started on 127.0.0.1,
   * listening -> first byte of an initialize sent straight to it (its own cold first answer).
   */
  pod_alone_listening_to_first_byte_ms: Summary
}

export type WakeStep = 'scale' | 'schedule' | 'pod_ip' | 'process_start' | 'ready' | 'proxy'

interface WakeSample {
  sent: number
  created: number
  scheduled: number
  withIp: number
  listening: number
  ready: number
  firstByte: number
}

/** Scales to 0 and waits until the pods and their processes are gone. */
export async function stopServer(c: Cluster, namespace: string, name: string, pods: PodProcesses) {
  await scale(c, namespace, name, 0)
  await waitPods(c, namespace, name, 0)
  await pods.waitFor((p) => ![...p.values()].some((x) => x.pod.startsWith(`${name}-`)), 30_000)
  // The manager's watch of the Deployment shows 0 desired replicas by now; a margin.
  await sleep(200)
}

/** `wakes` wakes of the server `name` (stopped first each time), one more to warm up. */
export async function measureWakes(
  c: Cluster,
  namespace: string,
  manager: Manager,
  watch: PodWatch,
  pods: PodProcesses,
  wakes: number,
  name = 'wake'
): Promise<WakeResult> {
  const samples: WakeSample[] = []
  for (let i = 0; i <= wakes; i++) {
    await stopServer(c, namespace, name, pods)
    const sample = await wakeOnce(manager, watch, pods, name)
    if (i > 0) samples.push(sample)
  }
  const alone = await measurePodAlone(Math.min(wakes, 10))
  const result = { ...summarizeWakes(samples), pod_alone_listening_to_first_byte_ms: alone }
  log(
    `wake: Ready -> first byte median ${result.ready_to_first_byte_ms.median} ms (p95 ${result.ready_to_first_byte_ms.p95}); request -> first byte ${result.request_to_first_byte_ms.median} ms`
  )
  return result
}

async function wakeOnce(manager: Manager, watch: PodWatch, pods: PodProcesses, name: string) {
  let listening = 0
  const listens = pods
    .waitFor(
      (p) => [...p.values()].some((x) => x.pod.startsWith(`${name}-`) && x.state === 'listening'),
      30_000
    )
    .then(() => (listening = performance.now()))
  const sent = performance.now()
  const response = await mcpPost(`${manager.url}/servers/${name}/mcp`, initializeBody)
  const firstByte = performance.now()
  await response.text()
  if (response.status !== 200) throw new Error(`wake: initialize answered ${response.status}`)
  await listens
  const ready = await seenByWatch(() => watch.readySince(name, sent))
  const seen = await seenByWatch(() => {
    const pod = watch.createdSince(name, sent)
    return pod?.scheduled && pod.withIp ? pod : undefined
  })
  if (ready === undefined || !seen?.scheduled || !seen.withIp)
    throw new Error('wake: the watch did not see the pod created, scheduled, with an IP and Ready')
  const { created, scheduled, withIp } = seen
  return { sent, created, scheduled, withIp, listening, ready, firstByte }
}

/** `runs` fresh example processes, each asked one initialize straight away once it listens. */
async function measurePodAlone(runs: number): Promise<Summary> {
  const times: number[] = []
  for (let i = 0; i < runs; i++) {
    const port = await freePort()
    let listening: () => void
    const listens = new Promise<void>((resolve) => (listening = resolve))
    const spec = { pod: 'alone', ip: '127.0.0.1', port, args: ['--mode', 'stateful'] }
    const timing = { startTimeoutMs: 30_000, stopTimeoutMs: 3_000 }
    const server: PodProcess = spawnPodProcess({ ...spec, ...timing }, () => {
      if (server?.state === 'listening') listening()
    })
    try {
      await Promise.race([listens, server.exited])
      if (server.state !== 'listening') throw new Error(`example process: ${server.failure}`)
      const sent = performance.now()
      const response = await mcpPost(server.url, initializeBody)
      times.push(performance.now() - sent)
      await response.text()
    } finally {
      await server.stop()
    }
  }
  return summarize(times)
}

function summarizeWakes(
  samples: WakeSample[]
): Omit<WakeResult, 'pod_alone_listening_to_first_byte_ms'> {
  const of = (f: (s: WakeSample) => number) => summarize(samples.map(f))
  const served = (s: WakeSample) => Math.max(s.ready, s.listening)
  return {
    wakes: samples.length,
    ready_to_first_byte_ms: of((s) => s.firstByte - s.ready),
    ready_and_listening_to_first_byte_ms: of((s) => s.firstByte - served(s)),
    ready_to_listening_ms: of((s) => s.listening - s.ready),
    request_to_first_byte_ms: of((s) => s.firstByte - s.sent),
    steps_ms: {
      scale: of((s) => s.created - s.sent),
      schedule: of((s) => s.scheduled - s.created),
      pod_ip: of((s) => s.withIp - s.scheduled),
      process_start: of((s) => s.listening - s.withIp),
      ready: of((s) => served(s) - s.listening),
      proxy: of((s) => s.firstByte - served(s)),
    },
  }
}

const STEP_NAMES: Record<WakeStep, string> = {
  scale: 'scale: request -> pod created (manager scale, Deployment and ReplicaSet controllers)',
  schedule: 'schedule: pod created -> scheduled',
  pod_ip: 'pod IP: scheduled -> Running with an IP (kwok)',
  process_start: "process start: IP -> the pod's process listening",
  ready: 'Ready: listening -> Ready (the later of the two)',
  proxy: 'proxy: Ready and listening -> first byte',
}

/** The wake rows: first byte after Ready, then the whole from zero and each step. */
export function wakeRows(w: WakeResult): string[][] {
  const s = (x: Summary) => `${x.median} / ${x.p95} / ${x.max}`
  return [
    [
      `wake: pod Ready -> first byte (median / p95 / max ms, ${w.wakes} wakes)`,
      s(w.ready_to_first_byte_ms),
    ],
    ['wake: request -> first byte, from zero', s(w.request_to_first_byte_ms)],
    ...(Object.keys(STEP_NAMES) as WakeStep[]).map((step) => [
      `  ${STEP_NAMES[step]}`,
      s(w.steps_ms[step]),
    ]),
    ['wake: pod Ready -> example process listening', s(w.ready_to_listening_ms)],
    [
      'baseline: a fresh example process alone, listening -> first byte (no manager)',
      s(w.pod_alone_listening_to_first_byte_ms),
    ],
  ]
}

async function main(): Promise<void> {
  const c = cluster()
  const namespace = await createNamespace(c, 'bench-wake')
  const wakes = envInt('BENCH_WAKES', 20)
  await createBenchServers(c, namespace, [{ name: 'wake', podAnnotations: READY_WHEN_LISTENING }])
  const pods = await startExamplePods(c, namespace, 'app=wake', 'stateful')
  const watch = new PodWatch(c, namespace)
  await watch.start()
  const manager = await startManager(c, namespace)
  try {
    const result = await measureWakes(c, namespace, manager, watch, pods, wakes)
    console.log(table('Wake from zero', [['figure', 'measured'], ...wakeRows(result)]))
  } finally {
    watch.stop()
    await manager.close()
    await pods.stop()
    await deleteNamespace(c, namespace)
  }
}

if (import.meta.main) {
  await main()
  process.exit(0)
}
