// npm run bench (bench/run.sh): runs every benchmark against the cluster of KUBECONFIG, prints
// one table per benchmark and the targets, and writes every figure to bench/results.json.
// Benchmarks measure; a missed target never makes this exit non-zero (a benchmark that cannot
// run does, after the others ran).
//
// Options (environment, or the same as --sizes=10,100 --only=list,readiness arguments):
//   BENCH_SIZES      list sizes (MCP servers, plus as many other Deployments)   10,100,1000
//   BENCH_ONLY       which benchmarks: list, readiness, cold-start, throughput,
//                    scale-to-zero                                                all
//                    live-view (issue 17: the cache, the change stream, live reads)
//                    stream-fanout (issue 26: N change streams during a burst)
//                    hot-path (issue 29: the proxy, /mcp and reads beside a bare server)
//   BENCH_LIST_ITERATIONS (30), BENCH_BASELINE_CONCURRENCY (20), BENCH_STARTS (20),
//   BENCH_COLD_RUNS (10), BENCH_CONNECTIONS (10), BENCH_DURATION (10 s),
//   BENCH_THROUGHPUT_SERVERS (10), BENCH_WAKES (20), BENCH_WARM_REQUESTS (2000),
//   BENCH_IDLE_TIMEOUT (5 s), BENCH_REAP_SERVERS (10), BENCH_RESULTS (bench/results.json)
//   BENCH_LIVE_SERVERS (1000), BENCH_STATUS_READS (50), BENCH_STREAM_SCALES (20)
//   BENCH_FANOUT_SERVERS (1000), BENCH_FANOUT_STREAMS (50), BENCH_FANOUT_BURST (200),
//   BENCH_FANOUT_MANAGER (another manager bundle, e.g. one built before a change)
//   BENCH_HOT_CALLS (400), BENCH_HOT_PATHS (all), BENCH_HOT_PROFILE (a directory: --cpu-prof),
//   BENCH_HOT_MANAGER (another manager bundle), BENCH_HOT_NODE_OPTIONS (added to its NODE_OPTIONS)
//   BENCH_MERGE=1    keep the other benchmarks' figures of an earlier results file (re-run one
//                    benchmark without re-running the others); each keeps its measured_at
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { availableParallelism, cpus, loadavg, totalmem } from 'node:os'
import { coldStartTable, runColdStart, type ColdStartResult } from './cold-start.ts'
import { cluster, k8s } from './lib.ts'
import { log, round, table, type TargetRow } from './stats.ts'
import { listTable, runList, type ListResult } from './list.ts'
import { liveViewTable, liveViewTargets, runLiveView, type LiveViewResult } from './live-view.ts'
import { hotPathTable, hotPathTargets, runHotPath, type HotPathResult } from './hot-path.ts'
import { readinessTable, runReadiness, type ReadinessResult } from './readiness.ts'
import {
  runScaleToZero,
  scaleToZeroTable,
  scaleToZeroTargets,
  type ScaleToZeroResult,
} from './scale-to-zero.ts'
import { runStreamFanout, streamFanoutTable, type StreamFanoutResult } from './stream-fanout.ts'
import { runThroughput, throughputTable, type ThroughputResult } from './throughput.ts'

for (const arg of process.argv.slice(2)) {
  const m = /^--(sizes|only)=(.+)$/.exec(arg)
  if (!m) throw new Error(`unknown argument '${arg}' (use --sizes=10,100 or --only=list,readiness)`)
  process.env[`BENCH_${m[1]!.toUpperCase()}`] = m[2]
}

// In the order they run. The list benchmark runs last: tearing down its 2000 Deployments loads
// the cluster for a while.
const BENCHMARKS = [
  'readiness',
  'cold-start',
  'throughput',
  'scale-to-zero',
  'live-view',
  'stream-fanout',
  'hot-path',
  'list',
] as const
const only = (process.env.BENCH_ONLY ?? BENCHMARKS.join(',')).split(',').map((s) => s.trim())
for (const o of only)
  if (!(BENCHMARKS as readonly string[]).includes(o))
    throw new Error(`BENCH_ONLY: unknown benchmark '${o}'`)
const sizes = (process.env.BENCH_SIZES ?? '10,100,1000').split(',').map((s) => {
  const n = Number(s)
  if (!Number.isInteger(n) || n < 1) throw new Error(`BENCH_SIZES: bad size '${s}'`)
  return n
})
sizes.sort((a, b) => a - b)

interface Results {
  timestamp: string
  finished: string
  duration_seconds: number
  machine: {
    node: string
    nproc: number
    cpu: string
    memory_gb: number
    load_average_before: number[]
    load_average_after: number[]
  }
  kubernetes: string
  sizes: number[]
  list?: ListResult
  readiness?: ReadinessResult
  cold_start?: ColdStartResult
  throughput?: ThroughputResult
  scale_to_zero?: ScaleToZeroResult
  live_view?: LiveViewResult
  stream_fanout?: StreamFanoutResult
  hot_path?: HotPathResult
  targets: Target[]
  errors: Record<string, string>
  /** When each benchmark's figures were measured (they differ only with BENCH_MERGE=1). */
  measured_at: Record<string, string>
}

type Target = TargetRow

const started = new Date()
const t0 = performance.now()
const version = await cluster()
  .kc.makeApiClient(k8s.VersionApi)
  .getCode()
  .catch(() => null)
const results: Results = {
  timestamp: started.toISOString(),
  finished: '',
  duration_seconds: 0,
  machine: {
    node: process.version,
    nproc: availableParallelism(),
    cpu: cpus()[0]?.model ?? 'unknown',
    memory_gb: round(totalmem() / 2 ** 30),
    load_average_before: loadavg().map((x) => round(x, 2)),
    load_average_after: [],
  },
  kubernetes: version?.gitVersion ?? 'unknown',
  sizes,
  targets: [],
  errors: {},
  measured_at: {},
}
const file = process.env.BENCH_RESULTS ?? new URL('./results.json', import.meta.url).pathname
const KEYS = {
  list: 'list',
  readiness: 'readiness',
  'cold-start': 'cold_start',
  throughput: 'throughput',
  'scale-to-zero': 'scale_to_zero',
  'live-view': 'live_view',
  'stream-fanout': 'stream_fanout',
  'hot-path': 'hot_path',
} as const
if (process.env.BENCH_MERGE === '1' && existsSync(file)) {
  const previous = JSON.parse(readFileSync(file, 'utf8')) as Results
  for (const [name, key] of Object.entries(KEYS)) {
    if (only.includes(name) || !previous[key]) continue
    Object.assign(results, { [key]: previous[key] })
    results.measured_at[name] = previous.measured_at?.[name] ?? previous.timestamp
    log(`keeping the ${name} figures of ${results.measured_at[name]} from ${file}`)
  }
}

const order = BENCHMARKS.filter((b) => only.includes(b))
for (const name of order) {
  log(`=== ${name}`)
  try {
    if (name === 'list') results.list = await runList(sizes)
    if (name === 'readiness') results.readiness = await runReadiness()
    if (name === 'cold-start') results.cold_start = await runColdStart()
    if (name === 'throughput') results.throughput = await runThroughput()
    if (name === 'scale-to-zero') results.scale_to_zero = await runScaleToZero()
    if (name === 'live-view') results.live_view = await runLiveView()
    if (name === 'stream-fanout') results.stream_fanout = await runStreamFanout()
    if (name === 'hot-path') results.hot_path = await runHotPath()
    results.measured_at[name] = new Date().toISOString()
  } catch (error) {
    results.errors[name] = error instanceof Error ? (error.stack ?? error.message) : String(error)
    log(`${name} failed: ${results.errors[name]}`)
  }
}

results.targets = evaluateTargets(results)
results.finished = new Date().toISOString()
results.duration_seconds = round((performance.now() - t0) / 1000)
results.machine.load_average_after = loadavg().map((x) => round(x, 2))
writeFileSync(file, JSON.stringify(results, null, 2) + '\n')

const out: string[] = [
  `mcp-lifecycle benchmarks, ${results.timestamp}: node ${results.machine.node}, ${results.machine.nproc} cores (${results.machine.cpu}), Kubernetes ${results.kubernetes}, load average ${results.machine.load_average_before.join(' ')} before / ${results.machine.load_average_after.join(' ')} after, ${results.duration_seconds} s`,
]
const merged = Object.entries(results.measured_at).filter(([name]) => !only.includes(name))
if (merged.length)
  out.push(
    `Kept from ${file} (BENCH_MERGE=1): ${merged.map(([n, t]) => `${n} measured ${t}`).join(', ')}`
  )
if (results.list) out.push(listTable(results.list))
if (results.readiness) out.push(readinessTable(results.readiness))
if (results.cold_start) out.push(coldStartTable(results.cold_start))
if (results.throughput) out.push(throughputTable(results.throughput))
if (results.scale_to_zero) out.push(scaleToZeroTable(results.scale_to_zero))
if (results.live_view) out.push(liveViewTable(results.live_view))
if (results.stream_fanout) out.push(streamFanoutTable(results.stream_fanout))
if (results.hot_path) out.push(hotPathTable(results.hot_path))
out.push(
  table('Targets', [
    ['target', 'measured', 'result'],
    ...results.targets.map((t) => [
      t.target,
      t.measured,
      t.met === null ? 'not measured' : t.met ? 'met' : 'MISSED',
    ]),
  ])
)
for (const [name, error] of Object.entries(results.errors))
  out.push(`${name} FAILED: ${error.split('\n')[0]}`)
out.push(`Figures written to ${file}`)
console.log(out.join('\n\n'))
process.exit(Object.keys(results.errors).length ? 1 : 0)

function evaluateTargets(r: Results): Target[] {
  const targets: Target[] = []
  const list = r.list?.sizes ?? []
  const maxRequests = Math.max(...list.map((s) => s.api_requests_per_get_servers))
  targets.push({
    target: 'GET /servers: at most 3 API requests at any size',
    measured: list.length
      ? list.map((s) => `${s.api_requests_per_get_servers} at ${s.mcp_servers}`).join(', ')
      : '-',
    met: list.length ? maxRequests <= 3 : null,
  })
  const largest = list.find((s) => s.mcp_servers === 1000) ?? null
  targets.push({
    target: 'GET /servers at 1000 servers: median within 1.5x of the raw LIST calls',
    measured: largest
      ? `${largest.get_servers_ms.median} ms vs ${largest.raw_list_ms.median} ms = ${largest.ratio_get_servers_to_raw_list_median}x (p95 ${largest.ratio_get_servers_to_raw_list_p95}x)`
      : '- (1000 not in BENCH_SIZES)',
    met: largest ? largest.ratio_get_servers_to_raw_list_median <= 1.5 : null,
  })
  const ready = r.readiness
  targets.push({
    target: 'Readiness latency median under 100 ms (polling baseline ~1 s)',
    measured: ready
      ? `${ready.ours.ready_to_answer_ms.median} ms (p95 ${ready.ours.ready_to_answer_ms.p95} ms); polling ${ready.polling_2s.ready_to_answer_ms.median} ms (mean ${ready.polling_2s.ready_to_answer_ms.mean} ms)`
      : '-',
    met: ready ? ready.ours.ready_to_answer_ms.median < 100 : null,
  })
  const cold = r.cold_start?.functions ?? []
  const floor = r.cold_start?.bare_node_http_to_first_answer_ms.median
  targets.push({
    target:
      'Cold start: first operation answer at most 150 ms median and at most 2.6x the bare floor (each function)',
    measured: cold.length
      ? cold
          .map((f) => `${f.name} ${f.to_operation_ms.median} ms (${f.operation_over_bare_floor}x)`)
          .join(', ') + `; bare floor ${floor} ms`
      : '-',
    met: cold.length
      ? cold.every((f) => f.to_operation_ms.median <= 150 && f.operation_over_bare_floor <= 2.6)
      : null,
  })
  targets.push({
    target: 'Cold start: RSS after the first request at most 80 MB (each function)',
    measured: cold.length
      ? cold.map((f) => `${f.name} ${f.rss_after_first_request_mb.median} MB`).join(', ') +
        `; bare ${r.cold_start?.bare_node_http_rss_mb.median} MB`
      : '-',
    met: cold.length ? cold.every((f) => f.rss_after_first_request_mb.median <= 80) : null,
  })
  targets.push(...scaleToZeroTargets(r.scale_to_zero))
  targets.push(...liveViewTargets(r.live_view))
  targets.push(...hotPathTargets(r.hot_path))
  return targets
}
