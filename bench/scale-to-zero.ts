// Benchmark 5: scale to zero (issue 14). The manager as apps/server composes it (activator and
// app over the real adapter, served on 127.0.0.1 in this process) on the local control plane,
// with a real example MCP server process per pod on its loopback IP (the tests' harness), and
// for the SSE figures the same MCP server in this process (observed: when each event leaves,
// when the upstream request closes). Measures:
//  a. wake: pod Ready -> first byte of the first request (initialize to a stopped server), and
//     request -> first byte from zero step by step (wake-timeline.ts);
//  b. warm proxy overhead: ping in a 2025 session, direct to the pod vs through the manager,
//     interleaved in one run;
//  c. 200 MCP SDK clients (initialize, GET stream, tools/call) during one wake: lost, 5xx;
//     and the same with the default queue size (100);
//  d. SSE: delay each progress event adds (proxied - direct); client abort -> upstream closed;
//  e. 2025 sessions over 3 manager replicas (same secret) and a restart of all three: requests
//     answered by the session's pod;
//  f. fail fast: the pod's ImagePullBackOff seen -> 503 answered;
//  g. the reaper (default 5 s pass): stops with a request in flight; idle -> stopped.
import { randomBytes } from 'node:crypto'
import type { PodProcesses } from '@mcp-lifecycle/k8s-adapter/pod-processes'
import { cluster, type Cluster, createNamespace, deleteNamespace, startExamplePods } from './lib.ts'
import {
  envInt,
  log,
  median,
  percentile,
  round,
  sleep,
  summarize,
  type Summary,
  table,
  targetRowsOf,
  type TargetRow,
} from './stats.ts'
import {
  Client,
  createBenchServers,
  initializeBody,
  mcpPost,
  PodWatch,
  READY_WHEN_LISTENING,
  readProgress,
  scale,
  seenByWatch,
  serveObservedPod,
  slowCount,
  startManager,
  StreamableHTTPClientTransport,
  waitPods,
  type Manager,
  type ObservedPod,
} from './scale-to-zero-lib.ts'
import { measureWakes, wakeRows, type WakeResult } from './wake-timeline.ts'

export interface ScaleToZeroResult {
  namespace: string
  wake: WakeResult
  warm: {
    requests_each: number
    direct_ms: { p50: number; p99: number }
    proxied_ms: { p50: number; p99: number }
    overhead_ms: { p50: number; p99: number }
  }
  crowd: CrowdRun[]
  sse: {
    events_each: number
    direct_event_delay_ms: { p50: number; p99: number }
    proxied_event_delay_ms: { p50: number; p99: number }
    added_per_event_ms: { p50: number; p99: number }
    aborts: number
    abort_to_upstream_closed_ms: Summary
    /** aborted calls whose slow_count sent a progress event after its request closed */
    tool_calls_not_stopped: number
  }
  sessions: {
    sessions: number
    pods: number
    requests: number
    on_creating_pod: number
    percent_on_creating_pod: number
  }
  fail_fast: {
    runs: number
    reasons: string[]
    /** ImagePullBackOff (or ErrImagePull) seen by the bench's watch -> 503 answered */
    backoff_to_503_ms: Summary
  }
  reaper: {
    idle_timeout_s: number
    interval_s: number
    servers: number
    calls_in_flight: number
    stops_with_request_in_flight: number
    failed_calls: number
    /** idle since (last client gone) -> stopped by the reaper */
    idle_to_stopped_s: Summary
  }
}

interface CrowdRun {
  queue_size: number
  clients: number
  served: number
  lost: number
  responses_5xx: number
  /** pod Ready -> the last client's tools/call answered */
  ready_to_last_answer_ms: number
  total_ms: number
}

const STATEFUL = ['wake', 'crowd', 'crowd-default', 'trio']

export async function runScaleToZero(): Promise<ScaleToZeroResult> {
  const c = cluster()
  const namespace = await createNamespace(c, 'bench-s2z')
  const wakes = Math.max(20, envInt('BENCH_WAKES', 20))
  const idleTimeoutS = envInt('BENCH_IDLE_TIMEOUT', 5)
  const reapServers = envInt('BENCH_REAP_SERVERS', 10)
  const idle = Array.from({ length: reapServers }, (_, i) => `idle-${i}`)
  const busy = Array.from({ length: reapServers }, (_, i) => `busy-${i}`)
  const reapAnnotations = { 'mcp-lifecycle/idle-timeout': `${idleTimeoutS}s` }
  log(`scale-to-zero: namespace ${namespace}, ${wakes} wakes`)
  // Pods the harness serves turn Ready when their process listens (a readiness probe's Ready);
  // 'observed' is served by this process, 'broken' by nothing.
  const served = { podAnnotations: READY_WHEN_LISTENING }
  await createBenchServers(c, namespace, [
    { name: 'wake', ...served },
    { name: 'crowd', annotations: { 'mcp-lifecycle/queue-size': '1000' }, ...served },
    { name: 'crowd-default', ...served },
    { name: 'trio', replicas: 2, ...served },
    { name: 'observed', replicas: 1 },
    { name: 'broken', podLabels: { 'mcp-lifecycle.test/image-pull-error': 'true' } },
    ...idle.map((name) => ({ name, annotations: reapAnnotations, ...served })),
    ...busy.map((name) => ({ name, annotations: reapAnnotations, ...served })),
  ])
  const runPods = (names: string[], mode: string) =>
    startExamplePods(c, namespace, `app in (${names.join(',')})`, mode)
  const stateful = await runPods([...STATEFUL, ...idle], 'stateful')
  const stateless = await runPods(busy, 'stateless')
  const watch = new PodWatch(c, namespace)
  await watch.start()
  const manager = await startManager(c, namespace)
  let observed: ObservedPod | undefined
  try {
    const [pod] = await waitPods(c, namespace, 'observed', 1)
    observed = await serveObservedPod(pod!.status!.podIP!, pod!.metadata!.name!)
    await waitPods(c, namespace, 'trio', 2)

    const wake = await measureWakes(c, namespace, manager, watch, stateful, wakes)
    const warm = await measureWarm(manager, stateful)
    const crowd = [
      await measureCrowd(manager, watch, 'crowd', 1000, 200),
      await measureCrowd(manager, watch, 'crowd-default', 100, 200),
    ]
    const sse = await measureSse(manager, observed)
    await stateful.waitFor((p) => [...p.values()].filter(isTrio).length === 2, 30_000)
    const sessions = await measureSessions(c, namespace)
    const failFast = await measureFailFast(c, namespace, manager, watch)
    const reaper = await measureReaper(c, namespace, idle, busy, idleTimeoutS)
    return { namespace, wake, warm, crowd, sse, sessions, fail_fast: failFast, reaper }
  } finally {
    watch.stop()
    await manager.close()
    await observed?.close()
    await Promise.all([stateful.stop(), stateless.stop()])
    await deleteNamespace(c, namespace)
  }
}

const isTrio = (p: { pod: string; state: string }) =>
  p.pod.startsWith('trio-') && p.state === 'listening'

async function measureWarm(
  manager: Manager,
  pods: PodProcesses
): Promise<ScaleToZeroResult['warm']> {
  const requests = envInt('BENCH_WARM_REQUESTS', 2000)
  const direct = [...pods.processes().values()].find((p) => p.pod.startsWith('wake-'))!.url
  const proxied = `${manager.url}/servers/wake/mcp`
  const session = async (url: string) => {
    const response = await mcpPost(url, initializeBody)
    await response.text()
    return response.headers.get('mcp-session-id')!
  }
  const paths = [
    { url: direct, session: await session(direct), times: [] as number[] },
    { url: proxied, session: await session(proxied), times: [] as number[] },
  ]
  const ping = async (path: (typeof paths)[number], id: number) => {
    const t0 = performance.now()
    const response = await mcpPost(
      path.url,
      { jsonrpc: '2.0', id, method: 'ping' },
      { 'mcp-session-id': path.session }
    )
    const text = await response.text()
    if (response.status !== 200 || !text.includes('"result"'))
      throw new Error(`ping answered ${response.status}: ${text}`)
    return performance.now() - t0
  }
  for (let i = 0; i < 300; i++) for (const path of paths) await ping(path, i)
  for (let i = 0; i < requests; i++) {
    // Interleaved, the order alternating: both paths see the same machine load.
    const order = i % 2 ? paths : [...paths].reverse()
    for (const path of order) path.times.push(await ping(path, i))
  }
  const stats = (times: number[]) => ({
    p50: round(median(times), 3),
    p99: round(percentile(times, 99), 3),
  })
  const [d, p] = [stats(paths[0]!.times), stats(paths[1]!.times)]
  const result = {
    requests_each: requests,
    direct_ms: d,
    proxied_ms: p,
    overhead_ms: { p50: round(p.p50 - d.p50, 3), p99: round(p.p99 - d.p99, 3) },
  }
  log(`warm: overhead p50 ${result.overhead_ms.p50} ms, p99 ${result.overhead_ms.p99} ms`)
  return result
}

async function measureCrowd(
  manager: Manager,
  watch: PodWatch,
  name: string,
  queueSize: number,
  clients: number
): Promise<CrowdRun> {
  const statuses: number[] = []
  const counting = async (url: string | URL, init?: RequestInit) => {
    const response = await fetch(url, init)
    statuses.push(response.status)
    return response
  }
  const answered: number[] = []
  const sent = performance.now()
  const results = await Promise.allSettled(
    Array.from({ length: clients }, async (_, n) => {
      const client = new Client({ name: `bench-crowd-${n}`, version: '0' })
      const transport = new StreamableHTTPClientTransport(
        new URL(`${manager.url}/servers/${name}/mcp`),
        { fetch: counting }
      )
      await client.connect(transport)
      try {
        await client.callTool({ name: 'whoami' })
        answered.push(performance.now())
      } finally {
        await client.close()
      }
    })
  )
  const total = performance.now() - sent
  const ready = watch.readySince(name, sent)
  const run: CrowdRun = {
    queue_size: queueSize,
    clients,
    served: answered.length,
    lost: results.filter((r) => r.status === 'rejected').length,
    responses_5xx: statuses.filter((s) => s >= 500).length,
    ready_to_last_answer_ms:
      ready === undefined || !answered.length ? NaN : round(Math.max(...answered) - ready),
    total_ms: round(total),
  }
  log(
    `crowd ${name}: ${run.served}/${clients} served, ${run.responses_5xx} 5xx, ${run.total_ms} ms`
  )
  return run
}

async function measureSse(manager: Manager, pod: ObservedPod): Promise<ScaleToZeroResult['sse']> {
  const events = 50
  const proxied = `${manager.url}/servers/observed/mcp`
  const delays: Record<'direct' | 'proxied', number[]> = { direct: [], proxied: [] }
  for (let round = 0; round < 6; round++) {
    const kind = round % 2 ? 'proxied' : 'direct'
    const index = pod.calls.length
    const response = await mcpPost(kind === 'direct' ? pod.url : proxied, slowCount(events, 20))
    const arrivals: number[] = []
    await readProgress(response, (n, at) => void (arrivals[n - 1] = at))
    const call = pod.calls[index]!
    // The first event waits on connection set-up; the rest are steady state.
    for (let n = 1; n < events; n++) delays[kind].push(arrivals[n]! - call.progressAt[n]!)
  }
  const stats = (xs: number[]) => ({ p50: round(median(xs), 3), p99: round(percentile(xs, 99), 3) })
  const d = stats(delays.direct)
  const p = stats(delays.proxied)

  const aborts = 20
  const closes: number[] = []
  let notStopped = 0
  for (let i = 0; i < aborts; i++) {
    const controller = new AbortController()
    const index = pod.calls.length
    const response = await mcpPost(proxied, slowCount(1000, 20), {}, controller.signal)
    let abortedAt = 0
    await readProgress(
      response,
      () => {},
      (n) => {
        if (n < 2) return false
        abortedAt = performance.now()
        controller.abort()
        return true
      }
    ).catch(() => {})
    const call = pod.calls[index]!
    const deadline = Date.now() + 5000
    while (call.closedAt === undefined && Date.now() < deadline) await sleep(1)
    if (call.closedAt === undefined) throw new Error('an aborted request stayed open upstream')
    closes.push(call.closedAt - abortedAt)
    await sleep(100) // five steps of slow_count: any progress now would be a call not stopped
    if (call.progressAt.some((t) => t > call.closedAt!)) notStopped++
  }
  const result = {
    events_each: events,
    direct_event_delay_ms: d,
    proxied_event_delay_ms: p,
    added_per_event_ms: { p50: round(p.p50 - d.p50, 3), p99: round(p.p99 - d.p99, 3) },
    aborts,
    abort_to_upstream_closed_ms: summarize(closes),
    tool_calls_not_stopped: notStopped,
  }
  log(
    `sse: added ${result.added_per_event_ms.p50} ms per event; abort -> closed median ${result.abort_to_upstream_closed_ms.median} ms`
  )
  return result
}

async function measureSessions(
  c: Cluster,
  namespace: string
): Promise<ScaleToZeroResult['sessions']> {
  const secret = randomBytes(32).toString('base64url')
  const start = () => startManager(c, namespace, { sessionSecret: secret })
  let replicas = await Promise.all([start(), start(), start()])
  let spread = false
  const sessions: { client: Client; pod: string; turn: number }[] = []
  let requests = 0
  let onPod = 0
  try {
    for (let n = 0; n < 10; n++) {
      // Made on one replica (its open GET streams weigh in its choice), so both pods get some.
      const session = { client: new Client({ name: `s${n}`, version: '0' }), pod: '', turn: n }
      const transport = new StreamableHTTPClientTransport(
        new URL('http://manager.invalid/servers/trio/mcp'),
        {
          fetch: (url, init) => {
            const target = spread ? replicas[session.turn++ % replicas.length]! : replicas[0]!
            const rewritten = new URL(url)
            rewritten.host = new URL(target.url).host
            return fetch(rewritten, init)
          },
        }
      )
      await session.client.connect(transport)
      session.pod = await whoami(session.client)
      sessions.push(session)
    }
    spread = true
    const rounds = async () => {
      for (let round = 0; round < 20; round++) {
        for (const s of sessions) {
          requests++
          if ((await whoami(s.client).catch(() => '')) === s.pod) onPod++
        }
      }
    }
    await rounds()
    await Promise.all(replicas.map((r) => r.close()))
    replicas = await Promise.all([start(), start(), start()])
    await rounds()
  } finally {
    await Promise.all(sessions.map((s) => s.client.close().catch(() => {})))
    await Promise.all(replicas.map((r) => r.close()))
  }
  const result = {
    sessions: sessions.length,
    pods: new Set(sessions.map((s) => s.pod)).size,
    requests,
    on_creating_pod: onPod,
    percent_on_creating_pod: round((100 * onPod) / requests, 2),
  }
  log(`sessions: ${result.percent_on_creating_pod}% on the creating pod`)
  return result
}

async function whoami(client: Client): Promise<string> {
  const result = await client.callTool({ name: 'whoami' })
  return (result.structuredContent as { pod: string }).pod
}

async function measureFailFast(
  c: Cluster,
  namespace: string,
  manager: Manager,
  watch: PodWatch
): Promise<ScaleToZeroResult['fail_fast']> {
  const runs = 20
  const deltas: number[] = []
  const reasons = new Set<string>()
  for (let i = 0; i < runs; i++) {
    await scale(c, namespace, 'broken', 0)
    await waitPods(c, namespace, 'broken', 0)
    await sleep(200)
    const sent = performance.now()
    const response = await mcpPost(`${manager.url}/servers/broken/mcp`, initializeBody)
    const answered = performance.now()
    const body = (await response.json()) as { reason?: string }
    if (response.status !== 503) throw new Error(`broken answered ${response.status}`)
    const waiting = await seenByWatch(() => watch.waitingSince('broken', sent))
    if (!waiting) throw new Error('no waiting container seen for broken')
    reasons.add(`${body.reason} (pod: ${waiting.reason})`)
    deltas.push(answered - waiting.at)
  }
  const result = { runs, reasons: [...reasons], backoff_to_503_ms: summarize(deltas) }
  log(`fail fast: ${result.backoff_to_503_ms.median} ms after the pod's waiting reason`)
  return result
}

async function measureReaper(
  c: Cluster,
  namespace: string,
  idle: string[],
  busy: string[],
  idleTimeoutS: number
): Promise<ScaleToZeroResult['reaper']> {
  const intervalS = 5 // MCPL_REAPER_INTERVAL_SECONDS' default
  const stops: { server: string; at: number }[] = []
  const manager = await startManager(c, namespace, {
    reaperIntervalMs: intervalS * 1000,
    onReaperStop: (server) => void stops.push({ server, at: performance.now() }),
  })
  const idleSince = new Map<string, number>()
  const calls: { server: string; from: number; to: number }[] = []
  let failedCalls = 0
  const connect = async (name: string) => {
    const client = new Client({ name: `bench-reap-${name}`, version: '0' })
    await client.connect(
      new StreamableHTTPClientTransport(new URL(`${manager.url}/servers/${name}/mcp`))
    )
    return client
  }
  try {
    await Promise.all([
      ...idle.map(async (name) => {
        const client = await connect(name)
        await whoami(client)
        await client.close()
        idleSince.set(name, performance.now())
      }),
      ...busy.map(async (name) => {
        const client = await connect(name)
        const from = performance.now()
        // Over twice the idle timeout in flight.
        const steps = Math.ceil((idleTimeoutS * 2500) / 200)
        try {
          await client.callTool(
            { name: 'slow_count', arguments: { count: steps, interval_ms: 200 } },
            undefined,
            { timeout: 120_000 }
          )
        } catch {
          failedCalls++
        }
        calls.push({ server: name, from, to: performance.now() })
        await client.close()
        idleSince.set(name, performance.now())
      }),
    ])
    const all = [...idle, ...busy]
    const deadline = Date.now() + (idleTimeoutS + 30) * 1000
    while (Date.now() < deadline) {
      const stopped = all.filter((name) =>
        stops.some((s) => s.server === name && s.at >= idleSince.get(name)!)
      )
      if (stopped.length === all.length) break
      await sleep(200)
    }
  } finally {
    await manager.close()
  }
  const inFlight = stops.filter((s) =>
    calls.some((call) => call.server === s.server && s.at > call.from && s.at < call.to)
  ).length
  const delays = [...idleSince].map(([name, since]) => {
    const stop = stops.find((s) => s.server === name && s.at >= since)
    return stop ? (stop.at - since) / 1000 : Infinity
  })
  const result = {
    idle_timeout_s: idleTimeoutS,
    interval_s: intervalS,
    servers: idleSince.size,
    calls_in_flight: calls.length,
    stops_with_request_in_flight: inFlight,
    failed_calls: failedCalls,
    idle_to_stopped_s: summarize(delays),
  }
  log(`reaper: ${inFlight} stops in flight; idle -> stopped max ${result.idle_to_stopped_s.max} s`)
  return result
}

export function scaleToZeroTable(r: ScaleToZeroResult): string {
  const s = (x: Summary) => `${x.median} / ${x.p95} / ${x.max}`
  const rows: (string | number)[][] = [
    ['figure', 'measured'],
    ...wakeRows(r.wake),
    [
      `warm ping p50 / p99 ms, direct (${r.warm.requests_each} each, interleaved)`,
      `${r.warm.direct_ms.p50} / ${r.warm.direct_ms.p99}`,
    ],
    [
      'warm ping p50 / p99 ms, through the manager',
      `${r.warm.proxied_ms.p50} / ${r.warm.proxied_ms.p99}`,
    ],
    ['warm proxy overhead p50 / p99 ms', `${r.warm.overhead_ms.p50} / ${r.warm.overhead_ms.p99}`],
    ...r.crowd.map((run) => [
      `${run.clients} clients during one wake, queue size ${run.queue_size}`,
      `${run.served} served, ${run.lost} lost, ${run.responses_5xx} 5xx; last answer ${run.ready_to_last_answer_ms} ms after Ready (${run.total_ms} ms in all)`,
    ]),
    [
      `SSE event delay p50 / p99 ms, direct / proxied (${r.sse.events_each} events x 3 each)`,
      `${r.sse.direct_event_delay_ms.p50} / ${r.sse.direct_event_delay_ms.p99}; ${r.sse.proxied_event_delay_ms.p50} / ${r.sse.proxied_event_delay_ms.p99}`,
    ],
    [
      'SSE added per event p50 / p99 ms',
      `${r.sse.added_per_event_ms.p50} / ${r.sse.added_per_event_ms.p99}`,
    ],
    [
      `client abort -> upstream closed (median / p95 / max ms, ${r.sse.aborts} aborts)`,
      `${s(r.sse.abort_to_upstream_closed_ms)}; calls not stopped: ${r.sse.tool_calls_not_stopped}`,
    ],
    [
      `session requests on the creating pod (${r.sessions.sessions} sessions on ${r.sessions.pods} pods, 3 replicas, then all 3 restarted)`,
      `${r.sessions.on_creating_pod}/${r.sessions.requests} = ${r.sessions.percent_on_creating_pod}%`,
    ],
    [
      `fail fast: pod waiting reason seen -> 503 (median / p95 / max ms, ${r.fail_fast.runs} runs)`,
      `${s(r.fail_fast.backoff_to_503_ms)}; ${r.fail_fast.reasons.join(', ')}`,
    ],
    [
      `reaper (idle-timeout ${r.reaper.idle_timeout_s} s, pass every ${r.reaper.interval_s} s): stops with a request in flight`,
      `${r.reaper.stops_with_request_in_flight} of ${r.reaper.calls_in_flight} long calls (${r.reaper.failed_calls} failed)`,
    ],
    [
      `reaper: idle -> stopped (median / p95 / max s, ${r.reaper.servers} servers)`,
      s(r.reaper.idle_to_stopped_s),
    ],
  ]
  return table('5. Scale to zero (wake on request, pinning, SSE, fail fast, reaper)', rows)
}

/** The targets of issue 14; `met: null` when the benchmark did not run. */
export function scaleToZeroTargets(r: ScaleToZeroResult | undefined): TargetRow[] {
  const target = targetRowsOf(r)
  const crowd = () => r!.crowd.find((run) => run.queue_size >= 200)!
  return [
    target(
      'Wake: first byte at most 100 ms after the pod is Ready, median (p95 250 ms)',
      () =>
        `Ready -> first byte ${r!.wake.ready_to_first_byte_ms.median} ms (p95 ${r!.wake.ready_to_first_byte_ms.p95}), of which the example process's start ${r!.wake.ready_to_listening_ms.median} ms; Ready and listening -> first byte ${r!.wake.ready_and_listening_to_first_byte_ms.median} ms (p95 ${r!.wake.ready_and_listening_to_first_byte_ms.p95})`,
      () =>
        r!.wake.ready_to_first_byte_ms.median <= 100 && r!.wake.ready_to_first_byte_ms.p95 <= 250
    ),
    target(
      'Warm proxy overhead over a direct call: at most 1 ms p50, 5 ms p99',
      () => `+${r!.warm.overhead_ms.p50} ms p50, +${r!.warm.overhead_ms.p99} ms p99`,
      () => r!.warm.overhead_ms.p50 <= 1 && r!.warm.overhead_ms.p99 <= 5
    ),
    target(
      '200 concurrent clients during one wake: 0 lost, 0 5xx',
      () =>
        r!.crowd
          .map(
            (run) =>
              `queue ${run.queue_size}: ${run.lost} lost, ${run.responses_5xx} 5xx of ${run.clients}`
          )
          .join('; '),
      () => crowd().lost === 0 && crowd().responses_5xx === 0
    ),
    target(
      'SSE: at most 1 ms added per event; client abort closes the upstream within 50 ms',
      () =>
        `+${r!.sse.added_per_event_ms.p50} ms p50 per event; abort -> closed ${r!.sse.abort_to_upstream_closed_ms.median} ms median, ${r!.sse.abort_to_upstream_closed_ms.max} ms max`,
      () =>
        r!.sse.added_per_event_ms.p50 <= 1 &&
        r!.sse.abort_to_upstream_closed_ms.max <= 50 &&
        r!.sse.tool_calls_not_stopped === 0
    ),
    target(
      '100% of session requests on their creating pod across 3 replicas and a restart',
      () => `${r!.sessions.percent_on_creating_pod}% of ${r!.sessions.requests}`,
      () => r!.sessions.on_creating_pod === r!.sessions.requests
    ),
    target(
      'Fail fast at most 2 s after the pod reports ImagePullBackOff',
      () =>
        `${r!.fail_fast.backoff_to_503_ms.median} ms median, ${r!.fail_fast.backoff_to_503_ms.max} ms max`,
      () => r!.fail_fast.backoff_to_503_ms.max <= 2000
    ),
    target(
      'Reaper: 0 stops with a request in flight; idle stop within timeout + 10 s',
      () =>
        `${r!.reaper.stops_with_request_in_flight} stops in flight; idle -> stopped ${r!.reaper.idle_to_stopped_s.median} s median, ${r!.reaper.idle_to_stopped_s.max} s max (timeout ${r!.reaper.idle_timeout_s} s)`,
      () =>
        r!.reaper.stops_with_request_in_flight === 0 &&
        r!.reaper.failed_calls === 0 &&
        r!.reaper.idle_to_stopped_s.max <= r!.reaper.idle_timeout_s + 10
    ),
  ]
}

if (import.meta.main) {
  console.log(scaleToZeroTable(await runScaleToZero()))
  process.exit(0)
}
