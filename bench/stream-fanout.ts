// Benchmark 7: the change stream's fan-out (issue 26, finding 3). S MCP servers (a Service each)
// in one namespace; the long-running manager as its image runs it (apps/server/dist/manager.mjs,
// the image's NODE_OPTIONS: --max-old-space-size=128), N clients on GET /servers?watch=true, then
// a burst: D Deployments scaled 0 -> 1 by another client (kwok makes their pods Ready, so each
// changes several times). Meanwhile one client reads GET /servers/{name} back to back. Prints the
// reads' p50/p99 (each bounded by 20 s: a timeout counts as 20 s and as an error), the manager's
// highest RSS (VmHWM) and heap used (its /metrics, sampled), how long until every stream showed
// every scaled server running, how many streams were still open at the end, and whether the
// manager still answered. Bounded: each phase has a deadline, and the namespace is deleted at
// the end. Only 127.0.0.1 is targeted (and the cluster of KUBECONFIG, the local control plane).
//
//   BENCH_FANOUT_SERVERS (1000), BENCH_FANOUT_STREAMS (50), BENCH_FANOUT_BURST (200),
//   BENCH_FANOUT_MANAGER (the bundle to run; default apps/server/dist/manager.mjs),
//   BENCH_FANOUT_HEAP_SNAPSHOT (a directory: once every server is listed, the manager writes a
//   heap snapshot there, to see what it keeps per server; writing one raises the peak RSS, so
//   a run with it measures nothing else), BENCH_FANOUT_KEEP_NAMESPACE (a name: the servers are
//   made there once and kept, and later runs with the same name reuse them, the burst scaled
//   back to 0 at the end; to compare bundles without the setup each time)
//
// Alone: MCPL_STATE=... BENCH_ONLY=stream-fanout bash bench/run.sh
import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  cluster,
  type Cluster,
  createNamespace,
  createServers,
  deleteNamespace,
  mapLimit,
  waitSettled,
} from './lib.ts'
import { envInt, log, percentile, round, sleep, table } from './stats.ts'
import { readSse } from './live-view-lib.ts'
import { spawnTagged, type Proc } from './processes.ts'
import { compileCache, MANAGER_BUNDLE, managerEnv } from './shipped.ts'

const READ_TIMEOUT_MS = 20_000
const STREAMS_OPEN_DEADLINE_MS = 120_000
const BURST_SETTLE_DEADLINE_MS = 180_000
const name = (i: number) => `mcp-${String(i).padStart(5, '0')}`

export interface StreamFanoutResult {
  manager: string
  mcp_servers: number
  streams: number
  burst: number
  setup_seconds: number
  streams_open_seconds: number
  streams_refused: number
  get_server_during_burst: { reads: number; p50_ms: number; p99_ms: number; errors: number }
  burst_to_all_streams_ready_seconds: number | null
  streams_open_at_end: number
  manager_rss_peak_mb: number
  manager_heap_used_peak_mb: number
  /** Did /healthz answer within 5 s after the burst (false: out of memory, or overwhelmed). */
  manager_answering_at_end: boolean
}

export async function runStreamFanout(): Promise<StreamFanoutResult> {
  const size = envInt('BENCH_FANOUT_SERVERS', 1000)
  const streams = envInt('BENCH_FANOUT_STREAMS', 50)
  const burst = Math.min(size - 1, envInt('BENCH_FANOUT_BURST', 200))
  const bundle = process.env.BENCH_FANOUT_MANAGER ?? MANAGER_BUNDLE
  const snapshotDir = process.env.BENCH_FANOUT_HEAP_SNAPSHOT
  const c = cluster()
  const kept = process.env.BENCH_FANOUT_KEEP_NAMESPACE
  const namespace = kept ? await keptNamespace(c, kept) : await createNamespace(c, 'bench-fanout')
  log(`stream fan-out: ${namespace}, ${size} servers, ${streams} streams, ${burst} scaled`)
  const cacheDir = mkdtempSync(join(tmpdir(), 'mcpl-bench-compile-cache-'))
  const stop = new AbortController()
  let manager: Proc | undefined
  try {
    const t0 = performance.now()
    const specs = Array.from({ length: size }, (_, i) => ({ name: name(i), replicas: 0 }))
    // A kept namespace may have its servers already.
    const there = kept ? (await c.apps.listNamespacedDeployment({ namespace })).items.length : 0
    if (there < size) await createServers(c, namespace, specs)
    await waitSettled(c, namespace, size, 900_000)
    const setupSeconds = round((performance.now() - t0) / 1000)

    manager = await spawnTagged(bundle, 'mcpl-bench-fanout', {
      ...managerEnv(namespace),
      // Every stream comes from the same (unauthenticated) principal here.
      MCPL_MAX_STREAMS: String(streams + 10),
      MCPL_MAX_STREAMS_PER_PRINCIPAL: String(streams + 10),
      NODE_COMPILE_CACHE: compileCache(bundle, cacheDir),
      ...(snapshotDir && {
        NODE_OPTIONS: `${managerEnv(namespace).NODE_OPTIONS ?? ''} --heapsnapshot-signal=SIGUSR2 --diagnostic-dir=${snapshotDir}`,
      }),
    })
    const samples = sampleManager(manager, stop.signal)
    await waitForList(manager.url, size)
    log(`stream fan-out: ${size} servers listed, manager RSS ${round(manager.memory().rssMb)} MB`)
    if (snapshotDir) await writeHeapSnapshot(manager, snapshotDir)

    // Each stream: which scaled servers it has seen ready.
    const t1 = performance.now()
    const ready = Array.from({ length: streams }, () => new Set<string>())
    const listed = new Set<number>()
    let refused = 0
    let open = 0
    const readers = ready.map(async (seen, i) => {
      try {
        open++
        await readSse(`${manager!.url}/servers?watch=true`, stop.signal, (event) => {
          if (event.event === 'list') listed.add(i)
          const s = event.data as { name?: string; status?: string }
          if (event.event === 'server' && s.status === 'running') seen.add(s.name!)
        })
      } catch {
        refused++
      } finally {
        open--
      }
    })
    await until(() => listed.size + refused >= streams, STREAMS_OPEN_DEADLINE_MS)
    const streamsOpenSeconds = round((performance.now() - t1) / 1000)
    log(`stream fan-out: ${listed.size} streams listed in ${streamsOpenSeconds} s`)

    const reads = readBackToBack(`${manager.url}/servers/${name(size - 1)}`, stop.signal)
    const t2 = performance.now()
    await scaleTo(c, namespace, burst, 1)
    const allReady = await until(
      () => ready.every((seen, i) => !listed.has(i) || seen.size >= burst),
      BURST_SETTLE_DEADLINE_MS
    )
    const burstSeconds = allReady ? round((performance.now() - t2) / 1000) : null
    const latencies = await reads.stop()
    const openAtEnd = open
    const answering = await alive(manager.url)
    stop.abort()
    await Promise.allSettled(readers)
    const peaks = await samples
    return {
      manager: bundle,
      mcp_servers: size,
      streams,
      burst,
      setup_seconds: setupSeconds,
      streams_open_seconds: streamsOpenSeconds,
      streams_refused: refused,
      get_server_during_burst: {
        reads: latencies.ms.length,
        p50_ms: round(percentile(latencies.ms, 50)),
        p99_ms: round(percentile(latencies.ms, 99)),
        errors: latencies.errors,
      },
      burst_to_all_streams_ready_seconds: burstSeconds,
      streams_open_at_end: openAtEnd,
      manager_rss_peak_mb: round(peaks.rssMb),
      manager_heap_used_peak_mb: round(peaks.heapBytes / 2 ** 20),
      manager_answering_at_end: answering,
    }
  } finally {
    stop.abort()
    await manager?.stop()
    rmSync(cacheDir, { recursive: true, force: true })
    if (kept) await scaleTo(c, namespace, burst, 0)
    else {
      log(`stream fan-out: deleting namespace ${namespace}`)
      await deleteNamespace(c, namespace)
    }
  }
}

export function streamFanoutTable(r: StreamFanoutResult): string {
  const g = r.get_server_during_burst
  return table(
    `Change stream fan-out: ${r.mcp_servers} servers, ${r.streams} streams, ${r.burst} scaled`,
    [
      ['measure', 'value'],
      ['GET /servers/{name} during the burst: p50 / p99', `${g.p50_ms} / ${g.p99_ms} ms`],
      ['  reads, errors or timeouts (20 s)', `${g.reads}, ${g.errors}`],
      [
        'streams listed within 120 s (refused)',
        `${r.streams_open_seconds} s (${r.streams_refused})`,
      ],
      [
        'every stream shows every scaled server running',
        `${r.burst_to_all_streams_ready_seconds ?? 'not within 180'} s`,
      ],
      ['streams open at the end', r.streams_open_at_end],
      [
        'manager peak RSS (VmHWM) / heap used (sampled)',
        `${r.manager_rss_peak_mb} / ${r.manager_heap_used_peak_mb} MB`,
      ],
      ['manager answers /healthz after the burst (5 s)', r.manager_answering_at_end ? 'yes' : 'NO'],
    ]
  )
}

/** GET `url` back to back until stopped; each read bounded by READ_TIMEOUT_MS. */
function readBackToBack(url: string, signal: AbortSignal) {
  const ms: number[] = []
  let errors = 0
  let running = true
  const done = (async () => {
    while (running && !signal.aborted) {
      const t = performance.now()
      try {
        const response = await fetch(url, { signal: AbortSignal.timeout(READ_TIMEOUT_MS) })
        await response.arrayBuffer()
        if (!response.ok) errors++
        ms.push(performance.now() - t)
      } catch {
        errors++
        ms.push(READ_TIMEOUT_MS)
        await sleep(100)
      }
    }
  })()
  return {
    async stop() {
      running = false
      await done
      return { ms, errors }
    },
  }
}

/**
 * The manager's peak resident memory (VmHWM, read while the process lives) and the highest
 * `mcpl_nodejs_heap_size_used_bytes` of its /metrics, sampled every 500 ms until the signal aborts.
 */
async function sampleManager(
  proc: Proc,
  signal: AbortSignal
): Promise<{ rssMb: number; heapBytes: number }> {
  let rssMb = NaN
  let heapBytes = 0
  while (!signal.aborted) {
    try {
      rssMb = proc.memory().peakMb
      const text = await (
        await fetch(`${proc.url}/metrics`, { signal: AbortSignal.timeout(5000) })
      ).text()
      const used = /^mcpl_nodejs_heap_size_used_bytes (\d+(?:\.\d+)?)/m.exec(text)?.[1]
      if (used) heapBytes = Math.max(heapBytes, Number(used))
    } catch {
      // Gone, or too busy to answer within 5 s: the next sample.
    }
    await sleep(500)
  }
  return { rssMb, heapBytes }
}

export async function waitForList(url: string, size: number): Promise<void> {
  const ok = await until(async () => {
    const response = await fetch(`${url}/servers`, { signal: AbortSignal.timeout(10_000) })
    const body = (await response.json()) as { servers?: unknown[] }
    return body.servers?.length === size
  }, 120_000)
  if (!ok) throw new Error(`the manager did not list ${size} servers within 120 s`)
}

/** Scales the first `count` servers to `replicas`. */
async function scaleTo(c: Cluster, namespace: string, count: number, replicas: number) {
  await mapLimit(
    Array.from({ length: count }, (_, i) => name(i)),
    20,
    (server) =>
      c.apps.replaceNamespacedDeploymentScale({
        name: server,
        namespace,
        body: { metadata: { name: server, namespace }, spec: { replicas } },
      })
  )
}

/** The namespace `name`, made if it is not there yet. */
async function keptNamespace(c: Cluster, name: string): Promise<string> {
  await c.core
    .createNamespace({
      body: { metadata: { name, labels: { 'mcp-lifecycle.test/bench': 'true' } } },
    })
    .catch((error: { code?: number }) => {
      if (error.code !== 409) throw error
    })
  return name
}

/** Signals the manager to write a heap snapshot into `dir`; resolves once it is written. */
async function writeHeapSnapshot(manager: Proc, dir: string): Promise<void> {
  const before = new Set(readdirSync(dir))
  process.kill(manager.pid, 'SIGUSR2')
  const written = () => readdirSync(dir).find((f) => f.endsWith('.heapsnapshot') && !before.has(f))
  // The file appears when the snapshot starts and keeps growing: done when /healthz answers.
  await until(async () => written() !== undefined && (await alive(manager.url)), 120_000)
  log(`stream fan-out: heap snapshot ${join(dir, written() ?? '?')}`)
}

async function alive(url: string): Promise<boolean> {
  return fetch(`${url}/healthz`, { signal: AbortSignal.timeout(5000) }).then(
    (r) => r.ok,
    () => false
  )
}

/** Polls `check` every 200 ms until it holds (true) or the deadline passes (false). */
async function until(check: () => boolean | Promise<boolean>, deadlineMs: number) {
  const deadline = Date.now() + deadlineMs
  while (Date.now() < deadline) {
    if (await Promise.resolve(check()).catch(() => false)) return true
    await sleep(200)
  }
  return false
}

if (import.meta.main) console.log(streamFanoutTable(await runStreamFanout()))
