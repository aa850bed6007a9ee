// Benchmark 2: readiness latency. For each of >= 20 stopped MCP servers (replicas 0), start it
// and measure from the moment its pod becomes Ready (seen by the bench's own pod watch) to the
// moment the answer arrives:
//  - ours: POST /servers/{name}/start {wait_ready: true}, which follows a watch of the Deployment;
//  - baseline: scale through the scale subresource, then GET the Deployment every 2 s until
//    readyReplicas == 1 (a polling loop, written here only).
// Each server's pods turn Ready after a different kwok delay (0.5 s to 2.5 s, annotation
// mcp-lifecycle.test/ready-delay), so readiness falls at every phase of the 2-second polling period.
import {
  AuditCounter,
  cluster,
  type Cluster,
  createApiClients,
  createNamespace,
  createServers,
  deleteNamespace,
  k8s,
  postJson,
  serveServerApp,
  taggedFetch,
  UserAgent,
} from './lib.ts'
import { envInt, log, round, sleep, summarize, type Summary, table } from './stats.ts'

export interface ReadinessApproach {
  starts: number
  /** answer time - pod Ready seen by the bench's watch */
  ready_to_answer_ms: Summary
  /** answer time - Deployment readyReplicas >= 1 seen by the bench's watch (the manager's own share) */
  deployment_ready_to_answer_ms: Summary
  /** request sent -> answer */
  request_to_answer_ms: Summary
  api_requests_per_start: number
}

export interface ReadinessResult {
  namespace: string
  ready_delays: string
  /** pod Ready seen -> Deployment readyReplicas seen (ReplicaSet and Deployment controllers) */
  pod_ready_to_deployment_ready_ms: Summary
  ours: ReadinessApproach
  polling_2s: ReadinessApproach
}

const POLL_INTERVAL_MS = 2000

/** Follows pods and Deployments of the namespace; records when each app's pod / Deployment turns ready. */
class ReadyWatcher {
  readonly podReadyAt = new Map<string, number>()
  readonly deploymentReadyAt = new Map<string, number>()
  private aborts: AbortController[] = []
  private stopped = false

  private readonly kc: k8s.KubeConfig
  private readonly namespace: string

  constructor(kc: k8s.KubeConfig, namespace: string) {
    this.kc = kc
    this.namespace = namespace
  }

  async start(): Promise<void> {
    await Promise.all([
      this.follow(`/api/v1/namespaces/${this.namespace}/pods`, (pod: k8s.V1Pod) => {
        const app = pod.metadata?.labels?.app
        const ready = pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True')
        if (app && ready && !pod.metadata?.deletionTimestamp && !this.podReadyAt.has(app))
          this.podReadyAt.set(app, performance.now())
      }),
      this.follow(
        `/apis/apps/v1/namespaces/${this.namespace}/deployments`,
        (d: k8s.V1Deployment) => {
          const name = d.metadata?.name
          if (name && (d.status?.readyReplicas ?? 0) >= 1 && !this.deploymentReadyAt.has(name))
            this.deploymentReadyAt.set(name, performance.now())
        }
      ),
    ])
  }

  /** Forget what was seen for a server, before starting it again. */
  reset(name: string): void {
    this.podReadyAt.delete(name)
    this.deploymentReadyAt.delete(name)
  }

  stop(): void {
    this.stopped = true
    for (const a of this.aborts) a.abort()
  }

  private async follow<T>(path: string, onObject: (object: T) => void): Promise<void> {
    // Sharing the pod kubeconfig's Watch; restarted when the server closes the stream.
    const watch = new k8s.Watch(this.kc)
    const open = async (): Promise<void> => {
      const abort = await watch.watch(
        path,
        { allowWatchBookmarks: false },
        (type, object) => {
          if (type === 'ADDED' || type === 'MODIFIED') onObject(object as T)
        },
        () => {
          if (!this.stopped) void open()
        }
      )
      this.aborts.push(abort)
    }
    await open()
  }
}

async function stopAll(c: Cluster, namespace: string, names: string[]): Promise<void> {
  await Promise.all(
    names.map((name) =>
      c.apps.replaceNamespacedDeploymentScale({
        name,
        namespace,
        body: { metadata: { name, namespace }, spec: { replicas: 0 } },
      })
    )
  )
  const deadline = Date.now() + 60_000
  while (Date.now() < deadline) {
    const [pods, deployments] = await Promise.all([
      c.core.listNamespacedPod({ namespace }),
      c.apps.listNamespacedDeployment({ namespace }),
    ])
    const busy = deployments.items.some(
      (d) =>
        (d.status?.replicas ?? 0) !== 0 ||
        (d.status?.observedGeneration ?? 0) < (d.metadata?.generation ?? 1)
    )
    if (pods.items.length === 0 && !busy) return
    await sleep(200)
  }
  throw new Error(`servers in ${namespace} did not stop within 60 s`)
}

export async function runReadiness(): Promise<ReadinessResult> {
  const starts = Math.max(20, envInt('BENCH_STARTS', 20))
  const c = cluster()
  const audit = new AuditCounter()
  const namespace = await createNamespace(c, 'bench-ready')
  // Ready delays spread evenly over one polling period, from 0.5 s.
  const delays = Array.from(
    { length: starts },
    (_, i) => 500 + Math.round((POLL_INTERVAL_MS * i) / starts)
  )
  const names = delays.map((_, i) => `ready-${String(i).padStart(2, '0')}`)
  log(
    `readiness: namespace ${namespace}, ${starts} starts per approach, ready delays ${delays[0]}-${delays.at(-1)} ms`
  )
  await createServers(
    c,
    namespace,
    names.map((name, i) => ({ name, replicas: 0, readyDelay: `${delays[i]}ms` }))
  )
  await stopAll(c, namespace, names) // also waits until every Deployment is observed

  const watcher = new ReadyWatcher(c.kc, namespace)
  await watcher.start()
  const ua = new UserAgent('mcpl-bench-ready-warmup')
  const app = await serveServerApp(namespace, ua)
  const pollApi = createApiClients(c.kc, taggedFetch(ua.get))

  type Sample = { podReady: number; deploymentReady: number; sent: number; answered: number }
  const measure = async (tag: string, startOne: (name: string) => Promise<void>) => {
    const samples: Sample[] = []
    const offset = audit.mark()
    for (const [i, name] of names.entries()) {
      watcher.reset(name)
      ua.current = `mcpl-bench-ready-${tag}-${i}`
      const sent = performance.now()
      await startOne(name)
      const answered = performance.now()
      await sleep(50) // let a late watch event land before reading it
      const podReady = watcher.podReadyAt.get(name)
      const deploymentReady = watcher.deploymentReadyAt.get(name)
      if (podReady === undefined || deploymentReady === undefined)
        throw new Error(`${tag}: no Ready seen for ${name}`)
      samples.push({ podReady, deploymentReady, sent, answered })
    }
    const requests = (await audit.entries(`mcpl-bench-ready-${tag}-`, offset)).length
    await stopAll(c, namespace, names)
    const approach: ReadinessApproach = {
      starts: samples.length,
      ready_to_answer_ms: summarize(samples.map((s) => s.answered - s.podReady)),
      deployment_ready_to_answer_ms: summarize(samples.map((s) => s.answered - s.deploymentReady)),
      request_to_answer_ms: summarize(samples.map((s) => s.answered - s.sent)),
      api_requests_per_start: round(requests / samples.length, 2),
    }
    log(
      `readiness ${tag}: median ${approach.ready_to_answer_ms.median} ms, p95 ${approach.ready_to_answer_ms.p95} ms`
    )
    return { approach, samples }
  }

  try {
    // Warm-up start (connections, JIT), not measured.
    await postJson(`${app.url}/servers/${names[0]}/start`, { wait_ready: true, timeout: 30 })
    await stopAll(c, namespace, names)

    const ours = await measure('ours', async (name) => {
      const response = await postJson(`${app.url}/servers/${name}/start`, {
        wait_ready: true,
        timeout: 30,
      })
      const body = (await response.json()) as { status: string }
      if (body.status !== 'running')
        throw new Error(`start of ${name} answered status ${body.status}`)
    })
    const polling = await measure('poll', async (name) => {
      await pollApi.apps.replaceNamespacedDeploymentScale({
        name,
        namespace,
        body: { metadata: { name, namespace }, spec: { replicas: 1 } },
      })
      const deadline = Date.now() + 30_000
      for (;;) {
        const d = await pollApi.apps.readNamespacedDeployment({ name, namespace })
        if ((d.status?.readyReplicas ?? 0) === 1) return
        if (Date.now() > deadline) throw new Error(`polling: ${name} not ready within 30 s`)
        await sleep(POLL_INTERVAL_MS)
      }
    })
    const all = [...ours.samples, ...polling.samples]
    return {
      namespace,
      ready_delays: `${delays[0]}-${delays.at(-1)} ms`,
      pod_ready_to_deployment_ready_ms: summarize(all.map((s) => s.deploymentReady - s.podReady)),
      ours: ours.approach,
      polling_2s: polling.approach,
    }
  } finally {
    watcher.stop()
    await app.close()
    await deleteNamespace(c, namespace)
  }
}

export function readinessTable(r: ReadinessResult): string {
  const row = (label: string, a: ReadinessApproach) => [
    label,
    a.starts,
    a.ready_to_answer_ms.median,
    a.ready_to_answer_ms.p95,
    a.ready_to_answer_ms.mean,
    a.deployment_ready_to_answer_ms.median,
    a.request_to_answer_ms.median,
    a.api_requests_per_start,
  ]
  return table(
    `2. Readiness latency (pod Ready -> answer; pods Ready ${r.ready_delays} after scheduling; pod Ready -> Deployment readyReplicas median ${r.pod_ready_to_deployment_ready_ms.median} ms)`,
    [
      [
        'approach',
        'starts',
        'median ms',
        'p95 ms',
        'mean ms',
        'Deployment ready -> answer median ms',
        'request -> answer median ms',
        'API req / start',
      ],
      row('POST /servers/{name}/start (watch)', r.ours),
      row('baseline: poll every 2 s', r.polling_2s),
    ]
  )
}

if (import.meta.main) {
  console.log(readinessTable(await runReadiness()))
  process.exit(0)
}
