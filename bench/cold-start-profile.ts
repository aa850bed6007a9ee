// Where the cold start of one function goes: `node bench/cold-start-profile.ts list` (KUBECONFIG
// set; the operation may answer 4xx, only its path through the code matters). Builds the function
// minified and not (same entry and options as apps/functions/build.mjs, plus marks at the first
// and last line of the bundle), each with its code cache as the image builds it, and runs it with
// image/main.cjs as the image does; then:
// - timing runs (BENCH_PROFILE_RUNS, 5) without the profiler: marks taken inside the process
//   (Node bootstrapped, bundle body started = loaded and compiled, body done = listen called,
//   each request's start and end, from node:diagnostics_channel), medians;
// - one run of the unminified build under --cpu-prof: self time per package, in the body and in
//   the first operation request, attributed through esbuild's `// path` comment before each module
//   (unminified, the bundle is ~3x larger: its load and compile take longer than shipped).
// BENCH_PROFILE_ARGS adds node flags to both.
import { spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
// esbuild, the bundler apps/functions/build.mjs uses (the same version).
import { build } from 'esbuild'
// The options of apps/functions/build.mjs (with the plugins that leave out what no request runs).
import { FUNCTION_BUNDLE_OPTIONS } from '@mcp-lifecycle/functions/testing'
import { OPERATIONS } from './cold-start-operations.ts'
import { FUNCTIONS_DIR } from './shipped.ts'
import { envInt, freePort, median, round, sleep, table } from './stats.ts'

/** What the image runs: a bundle, with its code cache (image/main.cjs). */
const MAIN = join(FUNCTIONS_DIR, 'image/main.cjs')

/** Recorded in the child (performance.now() ms), printed as JSON on stderr at exit. */
interface Marks {
  bootstrapped: number
  bodyStart: number
  bodyEnd: number
  requests: { url: string; start: number; end: number }[]
  /** performance.now() and process.hrtime in µs at the same moment: to place profile samples. */
  clock: [number, number]
}

// Loaded with --import: records the requests and prints the marks when the process exits.
const PRELOAD = `
import { subscribe } from 'node:diagnostics_channel'
const marks = (globalThis.__marks ??= {})
marks.requests = []
subscribe('http.server.request.start', ({ request }) => {
  request.__start = performance.now()
})
subscribe('http.server.response.finish', ({ request }) => {
  marks.requests.push({ url: request.url, start: request.__start, end: performance.now() })
})
process.on('exit', () => {
  marks.bootstrapped = performance.nodeTiming.bootstrapComplete
  marks.clock = [performance.now(), Number(process.hrtime.bigint() / 1000n)]
  writeSync(2, '\\nMARKS ' + JSON.stringify(marks) + '\\n')
})
`

/**
 * Minified as shipped (for the timings), or not (to attribute the profile's samples); either
 * way with its code cache built as the image builds it, run by main.cjs as the image runs it.
 */
async function buildMarked(name: string, dir: string, minify: boolean): Promise<string> {
  const outfile = join(dir, minify ? `${name}.cjs` : `${name}.plain.cjs`)
  await build({
    ...FUNCTION_BUNDLE_OPTIONS,
    entryPoints: [join(FUNCTIONS_DIR, `src/${name}.ts`)],
    outfile,
    minify,
    banner: {
      js: `(globalThis.__marks ??= {}).bodyStart = performance.now(); ${FUNCTION_BUNDLE_OPTIONS.banner.js}`,
    },
    footer: { js: 'globalThis.__marks.bodyEnd = performance.now();' },
  })
  const built = spawnSync(
    process.execPath,
    [join(FUNCTIONS_DIR, 'image/build-code-cache.cjs'), outfile],
    { encoding: 'utf8' }
  )
  if (built.status !== 0) throw new Error(`build-code-cache.cjs: ${built.stderr}`)
  return outfile
}

async function answered(url: string, init: RequestInit | undefined, deadline: number) {
  while (performance.now() < deadline) {
    try {
      const response = await fetch(url, { ...init, signal: AbortSignal.timeout(10_000) })
      await response.arrayBuffer()
      if (response.status < 500) return
    } catch {
      // not listening yet
    }
    await sleep(5)
  }
  throw new Error(`${url}: no answer`)
}

/** One start: /healthz until it answers, then the operation once; SIGTERM; the child's marks. */
async function run(bundle: string, name: string, nodeArgs: string[]): Promise<Marks> {
  const port = await freePort()
  const child = spawn(process.execPath, [...nodeArgs, MAIN, bundle], {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', MCPL_AUTH: 'none' },
    stdio: ['ignore', 'ignore', 'pipe'],
  })
  let stderr = ''
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const base = `http://127.0.0.1:${port}`
  const deadline = performance.now() + 20_000
  const died = exited.then(() => {
    throw new Error(`${name} exited; stderr: ${stderr.slice(0, 1000)}`)
  })
  died.catch(() => {})
  await Promise.race([answered(`${base}/healthz`, undefined, deadline), died])
  const operation = OPERATIONS[name]
  if (operation)
    await Promise.race([answered(base + operation.path, operation.init, deadline), died])
  child.kill('SIGTERM')
  await exited
  const line = stderr.split('\n').find((l) => l.startsWith('MARKS '))
  if (!line) throw new Error(`${name}: no marks; stderr: ${stderr.slice(0, 500)}`)
  return JSON.parse(line.slice('MARKS '.length)) as Marks
}

/** The phases of one start, in ms from the process's time origin. */
function phases(m: Marks, name: string) {
  const healthz = m.requests.find((r) => r.url === '/healthz')
  const operation = OPERATIONS[name] && m.requests.find((r) => r.url !== '/healthz')
  return {
    'Node bootstrap': m.bootstrapped,
    'load of the bundle and its code cache': m.bodyStart - m.bootstrapped,
    'bundle body (module init, runtime, app, listen)': m.bodyEnd - m.bodyStart,
    'listen -> first /healthz arrives': (healthz?.start ?? NaN) - m.bodyEnd,
    'first /healthz (arrival -> answer)': healthz ? healthz.end - healthz.start : NaN,
    'first operation request (arrival -> answer)': operation ? operation.end - operation.start : 0,
    'first operation answered (from time origin)': (operation ?? healthz)?.end ?? NaN,
  }
}

interface ProfileNode {
  id: number
  callFrame: { functionName: string; url: string; lineNumber: number }
  children?: number[]
}
interface Profile {
  nodes: ProfileNode[]
  samples: number[]
  timeDeltas: number[]
  startTime: number
}

/** The package each line of the unminified bundle belongs to, from esbuild's `// path` comments. */
function packageOfLine(bundle: string): (line: number) => string {
  const starts: [number, string][] = []
  readFileSync(bundle, 'utf8')
    .split('\n')
    .forEach((text, i) => {
      const m = /^\/\/ (\S+\.(?:[cm]?js|ts|json))$/.exec(text)
      if (m) starts.push([i, packageOf(m[1]!)])
    })
  return (line) => {
    let lo = 0
    let hi = starts.length - 1
    let found = '(bundle prelude)'
    while (lo <= hi) {
      const mid = (lo + hi) >> 1
      if (starts[mid]![0] <= line) {
        found = starts[mid]![1]
        lo = mid + 1
      } else hi = mid - 1
    }
    return found
  }
}

function packageOf(path: string): string {
  const modules = path.split('node_modules/')
  if (modules.length > 1) {
    const parts = modules.at(-1)!.split('/')
    return parts[0]!.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]!
  }
  const ours = /(packages|apps)\/([^/]+)\//.exec(path)
  return ours ? `${ours[1]}/${ours[2]}` : path
}

/** Self time (ms) per package or V8 category, over the samples between two hrtime µs marks. */
function selfTime(profile: Profile, bundle: string, from: number, to: number) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]))
  const lineOwner = packageOfLine(bundle)
  const url = new URL(`file://${bundle}`).href
  const totals = new Map<string, number>()
  let t = profile.startTime
  profile.samples.forEach((id, i) => {
    const delta = profile.timeDeltas[i]!
    t += delta
    if (t < from || t > to) return
    const { functionName, url: file, lineNumber } = byId.get(id)!.callFrame
    const owner =
      file === url
        ? lineOwner(lineNumber)
        : file.startsWith('node:')
          ? 'node: internals'
          : file
            ? file
            : functionName
    totals.set(owner, (totals.get(owner) ?? 0) + delta / 1000)
  })
  return [...totals].sort((a, b) => b[1] - a[1])
}

async function main() {
  const name = process.argv[2] ?? 'list'
  const runs = envInt('BENCH_PROFILE_RUNS', 5)
  const extra = (process.env.BENCH_PROFILE_ARGS ?? '').split(' ').filter(Boolean)
  const dir = mkdtempSync(join(tmpdir(), 'mcpl-profile-'))
  try {
    const preload = join(dir, 'marks.mjs')
    writeFileSync(preload, PRELOAD)
    const bundle = await buildMarked(name, dir, true)
    const plain = await buildMarked(name, dir, false)
    const args = [...extra, '--import', preload]
    await run(bundle, name, args) // warm-up: page cache, and the compile cache if one is asked for
    const samples: ReturnType<typeof phases>[] = []
    for (let i = 0; i < runs; i++) samples.push(phases(await run(bundle, name, args), name))
    const rows: (string | number)[][] = [['phase', 'median ms']]
    for (const key of Object.keys(samples[0]!) as (keyof (typeof samples)[0])[])
      rows.push([key, round(median(samples.map((s) => s[key])))])
    console.log(table(`${name}: phases of a cold start (median of ${runs})`, rows))

    const profileDir = join(dir, 'cpu')
    await run(plain, name, args)
    const marks = await run(plain, name, [
      ...args,
      '--cpu-prof',
      `--cpu-prof-dir=${profileDir}`,
      '--cpu-prof-interval=100',
    ])
    const file = readdirSync(profileDir).find((f) => f.endsWith('.cpuprofile'))!
    const profile = JSON.parse(readFileSync(join(profileDir, file), 'utf8')) as Profile
    const toHr = (ms: number) => marks.clock[1] - (marks.clock[0] - ms) * 1000
    const operation = marks.requests.find((r) => r.url !== '/healthz')
    const windows: [string, number, number][] = [
      ['before the bundle body (load, compile)', profile.startTime, toHr(marks.bodyStart)],
      ['bundle body', toHr(marks.bodyStart), toHr(marks.bodyEnd)],
    ]
    const healthz = marks.requests.find((r) => r.url === '/healthz')
    if (healthz)
      windows.push(['listen -> first /healthz answered', toHr(marks.bodyEnd), toHr(healthz.end)])
    if (operation && OPERATIONS[name])
      windows.push(['first operation request', toHr(operation.start), toHr(operation.end)])
    for (const [title, from, to] of windows) {
      const rows: (string | number)[][] = [['self time in', 'ms']]
      const totals = selfTime(profile, plain, from, to)
      for (const [owner, ms] of totals.slice(0, 15)) rows.push([owner, round(ms)])
      const rest = totals.slice(15).reduce((a, [, ms]) => a + ms, 0)
      if (rest) rows.push(['(the rest)', round(rest)])
      console.log(
        `\n${table(`${name}, profiled once: ${title}, ${round((to - from) / 1000)} ms`, rows)}`
      )
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

if (import.meta.main) await main()
