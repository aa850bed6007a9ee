// Benchmark 4: throughput of GET /servers/{name} under concurrent load. The server app runs in
// a child process (bench/serve-app.ts); autocannon runs as a second process on 127.0.0.1 with
// -c CONNECTIONS -d SECONDS. Reported beside it: the API requests the app made during the run,
// counted in the API server's audit log by the app's user agent.
import { spawn, type ChildProcess } from 'node:child_process'
import { createInterface } from 'node:readline'
import {
  AuditCounter,
  cluster,
  createNamespace,
  createServers,
  deleteNamespace,
  request,
  waitSettled,
} from './lib.ts'
import { envInt, loadOptions, log, round, sleep, table } from './stats.ts'
import { autocannonReport } from './autocannon.ts'

const SERVE_APP = new URL('./serve-app.ts', import.meta.url).pathname

export interface ThroughputRun {
  variant: string
  requests_total: number
  requests_per_second: number
  latency_ms: { p50: number; p90: number; p99: number; mean: number; max: number }
  non_2xx: number
  errors: number
  timeouts: number
  /** HTTP requests the app answered during the run (autocannon's total plus those in flight at its end) */
  http_requests_answered: number
  api_requests_total: number
  api_requests_per_second: number
  api_requests_per_http_request: number
  api_requests_by_kind: Record<string, number>
}

export interface ThroughputResult {
  namespace: string
  mcp_servers: number
  target: string
  connections: number
  duration_seconds: number
  runs: ThroughputRun[]
}

interface App {
  child: ChildProcess
  url: string
  /** SIGTERM; resolves with the number of HTTP requests it answered. */
  stop(): Promise<number>
}

/** Starts bench/serve-app.ts and resolves with its URL. */
async function startApp(namespace: string, userAgent: string, keepAlive: boolean): Promise<App> {
  const child = spawn(process.execPath, [...process.execArgv, SERVE_APP], {
    env: {
      ...process.env,
      MCPL_NAMESPACE: namespace,
      BENCH_USER_AGENT: userAgent,
      BENCH_KEEPALIVE: keepAlive ? '1' : '0',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const lines = createInterface({ input: child.stdout! })
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('serve-app did not start within 30 s')), 30_000)
    child.once('exit', (code) => reject(new Error(`serve-app exited with ${code}`)))
    lines.once('line', (line) => {
      clearTimeout(timer)
      resolve((JSON.parse(line) as { url: string }).url)
    })
  })
  const stop = () =>
    new Promise<number>((resolve) => {
      let served = NaN
      lines.on(
        'line',
        (line) => (served = (JSON.parse(line) as { served?: number }).served ?? served)
      )
      if (child.exitCode !== null) return resolve(served)
      child.once('exit', () => resolve(served))
      child.kill('SIGTERM')
    })
  return { child, url, stop }
}

export async function runThroughput(): Promise<ThroughputResult> {
  const { connections, seconds } = loadOptions()
  const servers = envInt('BENCH_THROUGHPUT_SERVERS', 10)
  const c = cluster()
  const audit = new AuditCounter()
  const namespace = await createNamespace(c, 'bench-tput')
  log(
    `throughput: namespace ${namespace}, ${servers} MCP servers (+ as many others), -c ${connections} -d ${seconds}`
  )
  const specs = []
  for (let i = 0; i < servers; i++) {
    const id = String(i).padStart(5, '0')
    specs.push(
      { name: `mcp-${id}`, replicas: i === 0 ? 1 : 0 },
      { name: `other-${id}`, mcp: false, replicas: 0 }
    )
  }
  await createServers(c, namespace, specs)
  await waitSettled(c, namespace, specs.length, 120_000)

  const runs: ThroughputRun[] = []
  try {
    for (const keepAlive of [false, true]) {
      const variant = keepAlive
        ? 'experiment: one kept-alive connection pool to the API server'
        : 'as shipped'
      const userAgent = `mcpl-bench-tput-${keepAlive ? 'ka' : 'default'}-${Date.now().toString(36)}`
      const app = await startApp(namespace, userAgent, keepAlive)
      const target = `${app.url}/servers/mcp-00000`
      try {
        for (let i = 0; i < 20; i++) await (await request(target)).arrayBuffer() // warm-up
        await sleep(1000) // let the warm-up's audit lines land before the mark
        const offset = audit.mark()
        const result = await autocannonReport(target, connections, seconds)
        const answered = await app.stop()
        const entries = await audit.entries(userAgent, offset, 500)
        const byKind: Record<string, number> = {}
        for (const e of entries) {
          const kind = `${e.verb} ${/\/(deployments|services)(\/|\?|$)/.exec(e.requestURI)?.[1] ?? e.requestURI.split('?')[0]}`
          byKind[kind] = (byKind[kind] ?? 0) + 1
        }
        const total = Number(result.requests?.total ?? 0)
        const httpAnswered = Number.isFinite(answered) ? answered - 20 : total
        const duration = Number(result.duration ?? seconds)
        const run: ThroughputRun = {
          variant,
          requests_total: total,
          requests_per_second: round(result.requests?.average ?? total / duration),
          latency_ms: {
            p50: Number(result.latency?.p50),
            p90: Number(result.latency?.p90),
            p99: Number(result.latency?.p99),
            mean: round(Number(result.latency?.average)),
            max: Number(result.latency?.max),
          },
          non_2xx: Number(result.non2xx ?? 0),
          errors: Number(result.errors ?? 0),
          timeouts: Number(result.timeouts ?? 0),
          http_requests_answered: httpAnswered,
          api_requests_total: entries.length,
          api_requests_per_second: round(entries.length / duration),
          api_requests_per_http_request: round(entries.length / Math.max(1, httpAnswered), 2),
          api_requests_by_kind: byKind,
        }
        runs.push(run)
        log(
          `throughput (${variant}): ${run.requests_per_second} req/s, p99 ${run.latency_ms.p99} ms, ${run.api_requests_total} API requests`
        )
      } finally {
        await app.stop()
      }
    }
  } finally {
    await deleteNamespace(c, namespace)
  }
  return {
    namespace,
    mcp_servers: servers,
    target: 'GET /servers/{name}',
    connections,
    duration_seconds: seconds,
    runs,
  }
}

export function throughputTable(r: ThroughputResult): string {
  return table(
    `4. Throughput of ${r.target} (autocannon -c ${r.connections} -d ${r.duration_seconds} from a second process; ${r.mcp_servers} MCP servers in the namespace)`,
    [
      [
        'variant',
        'req/s',
        'p50 ms',
        'p99 ms',
        'requests',
        'non-2xx + errors',
        'API requests',
        'API req/s',
        'API req / HTTP req',
      ],
      ...r.runs.map((x) => [
        x.variant,
        x.requests_per_second,
        x.latency_ms.p50,
        x.latency_ms.p99,
        x.requests_total,
        x.non_2xx + x.errors + x.timeouts,
        x.api_requests_total,
        x.api_requests_per_second,
        x.api_requests_per_http_request,
      ]),
    ]
  )
}

if (import.meta.main) {
  console.log(throughputTable(await runThroughput()))
}
