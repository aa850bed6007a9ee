// Benchmark 3: cold start of each function bundle (apps/functions/dist/<op>.cjs). Each run spawns
// `node main.cjs <bundle>` as the image does and measures, from the spawn, the first 200 on /healthz (polled every 5 ms) and
// then the first successful answer on the function's operation route (a request that changes
// nothing); then reads VmRSS from /proc/<pid>/status and kills the process. Median of N runs.
// Each bundle runs as shipped (with V8's code cache built the way the image builds it:
// `node build-code-cache.cjs <bundle>`, apps/functions/Dockerfile) and without the cache,
// interleaved with a bare Node HTTP server, the floor, in the same run.
// Where the time goes inside one start: cold-start-profile.ts.
import { spawn, type ChildProcess } from 'node:child_process'
import {
  copyFileSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { cluster, createNamespace, createServers, deleteNamespace, waitSettled } from './lib.ts'
import { envInt, freePort, log, round, sleep, summarize, type Summary, table } from './stats.ts'
import { OPERATIONS, RUNNING, STOPPED, type Operation } from './cold-start-operations.ts'
import { FUNCTIONS_DOCKERFILE, imageNodeOptions } from '@mcp-lifecycle/functions/testing'
import { processMemory } from './processes.ts'
import { buildFunctionCodeCache, FUNCTIONS_DIST } from './shipped.ts'

const DIST = FUNCTIONS_DIST
/** In dist/ beside the bundles: what runs them and what builds their code cache. */
const IMAGE_FILES = new Set(['main.cjs', 'build-code-cache.cjs'])

export interface ColdStartFunction {
  name: string
  operation: string
  bundle_kb: number
  bundle_gzip_kb: number
  runs: number
  to_healthz_ms: Summary
  to_operation_ms: Summary
  /** Median to the operation over the bare server's median, in the same run. */
  operation_over_bare_floor: number
  rss_after_first_request_mb: Summary
  /** The same bundle without its code cache. */
  without_code_cache: {
    to_healthz_ms: Summary
    to_operation_ms: Summary
    rss_after_first_request_mb: Summary
  }
}

export interface ColdStartResult {
  namespace: string
  runs: number
  functions: ColdStartFunction[]
  bare_node_http_to_first_answer_ms: Summary
  bare_node_http_rss_mb: Summary
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
    return { healthz, operation: done, rssMb: processMemory(child.pid!).rssMb }
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
    .filter((f) => f.endsWith('.cjs') && !IMAGE_FILES.has(f))
    .map((f) => f.slice(0, -'.cjs'.length))
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
    // As the image runs them (apps/functions/Dockerfile).
    NODE_OPTIONS: imageNodeOptions(FUNCTIONS_DOCKERFILE),
  }

  const shipped = new Map<string, Run[]>(bundles.map((b) => [b, []]))
  const uncached = new Map<string, Run[]>(bundles.map((b) => [b, []]))
  const bare: Run[] = []
  // The same bundles where no code cache lies beside them.
  const uncachedDir = mkdtempSync(join(tmpdir(), 'mcpl-bench-no-code-cache-'))
  for (const b of bundles) copyFileSync(join(DIST, `${b}.cjs`), join(uncachedDir, `${b}.cjs`))
  const shippedArgs = (b: string) => [join(DIST, 'main.cjs'), join(DIST, `${b}.cjs`)]
  const uncachedArgs = (b: string) => [join(DIST, 'main.cjs'), join(uncachedDir, `${b}.cjs`)]
  try {
    for (const b of bundles) buildFunctionCodeCache(join(DIST, `${b}.cjs`), env.NODE_OPTIONS)
    // One warm-up of each (page cache), then runs interleaved across bundles so that drift in
    // the machine's load hits all alike.
    const once = async (push: boolean) => {
      for (const b of bundles) {
        const withCache = await coldRun(shippedArgs(b), env, OPERATIONS[b])
        const without = await coldRun(uncachedArgs(b), env, OPERATIONS[b])
        if (push) shipped.get(b)!.push(withCache)
        if (push) uncached.get(b)!.push(without)
      }
      const floor = await coldRun(['-e', BARE_SERVER], {}, { path: '/' })
      if (push) bare.push(floor)
    }
    await once(false)
    for (let r = 0; r < runs; r++) await once(true)
  } finally {
    rmSync(uncachedDir, { recursive: true, force: true })
    await deleteNamespace(c, namespace)
  }

  const bareSummary = summarize(bare.map((x) => x.operation))
  const functions = bundles.map((b): ColdStartFunction => {
    const file = join(DIST, `${b}.cjs`)
    const s = shipped.get(b)!
    const u = uncached.get(b)!
    const toOperation = summarize(s.map((x) => x.operation))
    return {
      name: b,
      operation: OPERATIONS[b]
        ? `${OPERATIONS[b].init?.method ?? 'GET'} ${OPERATIONS[b].path}`
        : '(none)',
      bundle_kb: round(statSync(file).size / 1024),
      bundle_gzip_kb: round(gzipSync(readFileSync(file)).length / 1024),
      runs: s.length,
      to_healthz_ms: summarize(s.map((x) => x.healthz)),
      to_operation_ms: toOperation,
      operation_over_bare_floor: round(toOperation.median / bareSummary.median, 2),
      rss_after_first_request_mb: summarize(s.map((x) => x.rssMb)),
      without_code_cache: {
        to_healthz_ms: summarize(u.map((x) => x.healthz)),
        to_operation_ms: summarize(u.map((x) => x.operation)),
        rss_after_first_request_mb: summarize(u.map((x) => x.rssMb)),
      },
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
    bare_node_http_to_first_answer_ms: bareSummary,
    bare_node_http_rss_mb: summarize(bare.map((x) => x.rssMb)),
  }
}

export function coldStartTable(r: ColdStartResult): string {
  const floor = r.bare_node_http_to_first_answer_ms.median
  const rows: (string | number)[][] = [
    [
      'function',
      'operation route',
      'bundle KB',
      'gzip KB',
      'to /healthz median ms',
      'to operation median ms',
      'p95 ms',
      'x bare floor',
      'RSS MB',
      'no code cache: to operation ms',
      'x bare floor',
      'RSS MB',
    ],
  ]
  for (const f of r.functions) {
    const u = f.without_code_cache
    rows.push([
      f.name,
      f.operation,
      f.bundle_kb,
      f.bundle_gzip_kb,
      f.to_healthz_ms.median,
      f.to_operation_ms.median,
      f.to_operation_ms.p95,
      f.operation_over_bare_floor,
      f.rss_after_first_request_mb.median,
      u.to_operation_ms.median,
      round(u.to_operation_ms.median / floor, 2),
      u.rss_after_first_request_mb.median,
    ])
  }
  rows.push([
    'bare node:http (floor)',
    'GET /',
    '-',
    '-',
    floor,
    floor,
    r.bare_node_http_to_first_answer_ms.p95,
    1,
    r.bare_node_http_rss_mb.median,
    '-',
    '-',
    '-',
  ])
  return table(
    `3. Cold start (process spawn -> first successful answer, median of ${r.runs}; as shipped: run by main.cjs with the image's code cache)`,
    rows
  )
}

if (import.meta.main) {
  console.log(coldStartTable(await runColdStart()))
}
