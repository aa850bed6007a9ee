// Benchmark 3: cold start of each function bundle (apps/functions/dist/<op>.mjs). Each run spawns
// `node <bundle>` and measures, from the spawn, the first 200 on /healthz (polled every 5 ms) and
// then the first successful answer on the function's operation route (a request that changes
// nothing); then reads VmRSS from /proc/<pid>/status and kills the process. Median of N runs.
// Beside it: the bundle's size, and a bare Node HTTP server as the floor.
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import {
  cluster,
  createNamespace,
  createServers,
  deleteNamespace,
  envInt,
  freePort,
  log,
  round,
  sleep,
  summarize,
  table,
  waitSettled,
  type Summary,
} from './lib.ts'

const DIST = new URL('../apps/functions/dist/', import.meta.url).pathname
const RUNNING = 'cold-run'
const STOPPED = 'cold-stop'

interface Operation {
  path: string
  init?: RequestInit
}

const json = (body: unknown): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
})

/** The operation route of each function, called with a request that changes nothing. */
const OPERATIONS: Record<string, Operation> = {
  list: { path: '/servers' },
  status: { path: `/servers/${RUNNING}` },
  start: { path: `/servers/${RUNNING}/start`, init: json({ wait_ready: false }) }, // already running
  stop: { path: `/servers/${STOPPED}/stop`, init: json({}) }, // already stopped
  scale: { path: `/servers/${RUNNING}/scale`, init: json({ replicas: 1 }) }, // the current count
  mcp: {
    path: '/mcp',
    init: {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
      },
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 1,
        method: 'initialize',
        params: {
          protocolVersion: '2025-06-18',
          capabilities: {},
          clientInfo: { name: 'mcpl-bench', version: '0' },
        },
      }),
    },
  },
}

export interface ColdStartFunction {
  name: string
  operation: string
  bundle_kb: number
  bundle_gzip_kb: number
  runs: number
  to_healthz_ms: Summary
  to_operation_ms: Summary
  rss_after_first_request_mb: Summary
}

export interface ColdStartResult {
  namespace: string
  runs: number
  functions: ColdStartFunction[]
  bare_node_http_to_first_answer_ms: Summary
  bare_node_http_rss_mb: Summary
  /** Experiment: the list bundle with Node's on-disk compile cache (NODE_COMPILE_CACHE), warmed once. */
  list_with_compile_cache: {
    to_healthz_ms: Summary
    to_operation_ms: Summary
    rss_after_first_request_mb: Summary
  } | null
}

interface Run {
  healthz: number
  operation: number
  rssMb: number
}

async function firstOk(
  url: string,
  init: RequestInit | undefined,
  deadline: number
): Promise<void> {
  let last = ''
  while (performance.now() < deadline) {
    try {
      const response = await fetch(url, { ...init, signal: AbortSignal.timeout(10_000) })
      const body = await response.text()
      if (response.ok) return
      last = `${response.status} ${body.slice(0, 200)}`
    } catch (error) {
      last = String(error)
    }
    await sleep(5)
  }
  throw new Error(`${url}: no successful answer (last: ${last})`)
}

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN)
  return kb / 1024
}

async function kill(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  child.kill('SIGTERM')
  const timer = setTimeout(() => child.kill('SIGKILL'), 3000)
  await exited
  clearTimeout(timer)
}

async function coldRun(
  args: string[],
  env: Record<string, string>,
  operation: Operation | undefined
): Promise<Run> {
  const port = await freePort()
  const base = `http://127.0.0.1:${port}`
  let stderr = ''
  const t0 = performance.now()
  const child = spawn(process.execPath, args, {
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'ignore', 'pipe'],
  })
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  try {
    const deadline = t0 + 20_000
    await firstOk(`${base}/healthz`, undefined, deadline)
    const healthz = performance.now() - t0
    if (operation) await firstOk(base + operation.path, operation.init, deadline)
    const done = performance.now() - t0
    return { healthz, operation: done, rssMb: rssMb(child.pid!) }
  } catch (error) {
    throw new Error(
      `${args.join(' ')}: ${(error as Error).message}; stderr: ${stderr.slice(0, 500)}`
    )
  } finally {
    await kill(child)
  }
}

const BARE_SERVER =
  "require('node:http').createServer((q,s)=>s.end('ok')).listen(+process.env.PORT,'127.0.0.1')"

export async function runColdStart(): Promise<ColdStartResult> {
  const runs = envInt('BENCH_COLD_RUNS', 10)
  if (!existsSync(DIST))
    throw new Error(`${DIST} is missing: run pnpm --filter @mcp-lifecycle/functions build`)
  const bundles = readdirSync(DIST)
    .filter((f) => f.endsWith('.mjs'))
    .map((f) => f.slice(0, -4))
    .sort()
  const c = cluster()
  const namespace = await createNamespace(c, 'bench-cold')
  log(`cold start: namespace ${namespace}, bundles ${bundles.join(', ')}, ${runs} runs each`)
  await createServers(c, namespace, [
    { name: RUNNING, replicas: 1 },
    { name: STOPPED, replicas: 0 },
  ])
  await waitSettled(c, namespace, 2, 60_000)
  // MCPL_AUTH=none: no tokens in a local benchmark (the functions then bind 127.0.0.1 only).
  const env = {
    KUBECONFIG: process.env.KUBECONFIG ?? '',
    MCPL_NAMESPACE: namespace,
    MCPL_AUTH: 'none',
  }

  const samples = new Map<string, Run[]>(bundles.map((b) => [b, []]))
  const bare: Run[] = []
  const cached: Run[] = []
  const hasList = bundles.includes('list')
  const cacheDir = mkdtempSync(join(tmpdir(), 'mcpl-bench-compile-cache-'))
  const cachedEnv = { ...env, NODE_COMPILE_CACHE: cacheDir }
  const listArgs = [join(DIST, 'list.mjs')]
  try {
    // One warm-up of each (page cache; fills the compile cache of the experiment), then runs
    // interleaved across bundles so that drift in the machine's load hits all alike.
    for (const b of bundles) await coldRun([join(DIST, `${b}.mjs`)], env, OPERATIONS[b])
    await coldRun(['-e', BARE_SERVER], {}, { path: '/' })
    if (hasList) await coldRun(listArgs, cachedEnv, OPERATIONS.list)
    for (let r = 0; r < runs; r++) {
      for (const b of bundles)
        samples.get(b)!.push(await coldRun([join(DIST, `${b}.mjs`)], env, OPERATIONS[b]))
      bare.push(await coldRun(['-e', BARE_SERVER], {}, { path: '/' }))
      if (hasList) cached.push(await coldRun(listArgs, cachedEnv, OPERATIONS.list))
    }
  } finally {
    rmSync(cacheDir, { recursive: true, force: true })
    await deleteNamespace(c, namespace)
  }

  const functions = bundles.map((b): ColdStartFunction => {
    const file = join(DIST, `${b}.mjs`)
    const s = samples.get(b)!
    return {
      name: b,
      operation: OPERATIONS[b]
        ? `${OPERATIONS[b].init?.method ?? 'GET'} ${OPERATIONS[b].path}`
        : '(none)',
      bundle_kb: round(statSync(file).size / 1024),
      bundle_gzip_kb: round(gzipSync(readFileSync(file)).length / 1024),
      runs: s.length,
      to_healthz_ms: summarize(s.map((x) => x.healthz)),
      to_operation_ms: summarize(s.map((x) => x.operation)),
      rss_after_first_request_mb: summarize(s.map((x) => x.rssMb)),
    }
  })
  for (const f of functions)
    log(
      `cold start ${f.name}: healthz ${f.to_healthz_ms.median} ms, operation ${f.to_operation_ms.median} ms`
    )
  return {
    namespace,
    runs,
    functions,
    bare_node_http_to_first_answer_ms: summarize(bare.map((x) => x.operation)),
    bare_node_http_rss_mb: summarize(bare.map((x) => x.rssMb)),
    list_with_compile_cache: hasList
      ? {
          to_healthz_ms: summarize(cached.map((x) => x.healthz)),
          to_operation_ms: summarize(cached.map((x) => x.operation)),
          rss_after_first_request_mb: summarize(cached.map((x) => x.rssMb)),
        }
      : null,
  }
}

export function coldStartTable(r: ColdStartResult): string {
  const rows: (string | number)[][] = [
    [
      'function',
      'operation route',
      'bundle KB',
      'gzip KB',
      'to /healthz median ms',
      'to operation median ms',
      'p95 ms',
      'RSS MB',
    ],
  ]
  for (const f of r.functions) {
    rows.push([
      f.name,
      f.operation,
      f.bundle_kb,
      f.bundle_gzip_kb,
      f.to_healthz_ms.median,
      f.to_operation_ms.median,
      f.to_operation_ms.p95,
      f.rss_after_first_request_mb.median,
    ])
  }
  if (r.list_with_compile_cache) {
    const x = r.list_with_compile_cache
    rows.push([
      'list + NODE_COMPILE_CACHE (experiment)',
      'GET /servers',
      '-',
      '-',
      x.to_healthz_ms.median,
      x.to_operation_ms.median,
      x.to_operation_ms.p95,
      x.rss_after_first_request_mb.median,
    ])
  }
  rows.push([
    'bare node:http (floor)',
    'GET /',
    '-',
    '-',
    r.bare_node_http_to_first_answer_ms.median,
    r.bare_node_http_to_first_answer_ms.median,
    r.bare_node_http_to_first_answer_ms.p95,
    r.bare_node_http_rss_mb.median,
  ])
  return table(
    `3. Cold start (process spawn -> first successful answer, median of ${r.runs})`,
    rows
  )
}

if (import.meta.main) {
  console.log(coldStartTable(await runColdStart()))
}
