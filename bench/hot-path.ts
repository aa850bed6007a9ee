// Benchmark 8: the hot path (issue 29). The manager as its image runs it (bundle, NODE_OPTIONS,
// a tokens file: every request authenticated) beside a bare node:http server replaying the same
// bytes (bare-server.ts), in one run: GET /servers/{name}; POST /mcp tools/call get_mcp_status in
// both eras (stateless); the same MCP call (v1 SDK client, a session) through
// /servers/{name}/mcp and straight to the pod, interleaved (and through two floors with no
// checks: a bare node:http proxy, bare-proxy.ts, and hono with undici, hono-proxy.ts); stateless 2026 calls to an example
// server through the proxy and straight to the pod; the manager's peak resident memory. The pods
// are real example MCP server processes (the serve-pods harness), on the pods' loopback IPs.
//
//   BENCH_DURATION (8 s per autocannon run), BENCH_CONNECTIONS (10), BENCH_HOT_CALLS (400),
//   BENCH_HOT_PATHS (get,mcp-2025,mcp-2026,proxy,overhead: a subset, e.g. to profile one),
//   BENCH_HOT_PROFILE (a directory: the manager runs with --cpu-prof, its profile written there),
//   BENCH_HOT_MANAGER (the bundle to run, e.g. one built before a change; default the current),
//   BENCH_HOT_NODE_OPTIONS (added to the image's NODE_OPTIONS, e.g. to try a heap flag)
//
// Alone: MCPL_STATE=... BENCH_ONLY=hot-path bash bench/run.sh
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { PodProcesses } from '@mcp-lifecycle/k8s-adapter/pod-processes'
import { runAutocannon, type CannonRequest, type CannonResult } from './autocannon.ts'
import {
  connectV1,
  interleavedOverhead,
  recordAnswer,
  toolCall,
  type Overhead,
} from './hot-path-lib.ts'
import {
  cluster,
  createNamespace,
  createServers,
  deleteNamespace,
  waitSettled,
  startExamplePods,
} from './lib.ts'
import { envInt, loadOptions, log, round, table } from './stats.ts'
import { processCpuMs, spawnTagged, type Proc } from './processes.ts'
import { compileCache, MANAGER_BUNDLE, managerEnv } from './shipped.ts'

const PATHS = ['get', 'mcp-2025', 'mcp-2026', 'proxy', 'overhead'] as const
type PathName = (typeof PATHS)[number]
const BARE = new URL('./bare-server.ts', import.meta.url).pathname
const BARE_PROXY = new URL('./bare-proxy.ts', import.meta.url).pathname
const HONO_PROXY = new URL('./hono-proxy.ts', import.meta.url).pathname

export interface Versus {
  manager_rps: number
  floor_rps: number
  ratio: number
  manager_p99_ms: number
  /** CPU time of the manager (of the floor) per request answered: robust to a shared machine. */
  manager_cpu_ms_per_request: number
  floor_cpu_ms_per_request: number | null
  failures: number
}

export interface HotPathResult {
  connections: number
  seconds: number
  get_server?: Versus
  mcp_get_status_2025?: Versus
  mcp_get_status_2026?: Versus
  /** Stateless 2026 echo calls: through the proxy (manager_*) vs straight to the pod (floor_*). */
  proxied_throughput?: Versus
  /** The same through a bare node:http proxy (bare-proxy.ts): what one more hop costs here. */
  bare_proxy_throughput?: Versus
  proxy_overhead?: Overhead
  /** The same interleaved calls through the bare proxy and straight to the pod. */
  bare_proxy_overhead?: Overhead
  /** The same through the smallest hono + undici proxy (hono-proxy.ts): the framework's floor. */
  hono_proxy_overhead?: Overhead
  manager_rss_peak_mb: number
}

export async function runHotPath(): Promise<HotPathResult> {
  const { connections, seconds } = loadOptions(8)
  const paths = (process.env.BENCH_HOT_PATHS ?? PATHS.join(',')).split(',') as PathName[]
  const c = cluster()
  const namespace = await createNamespace(c, 'bench-hot')
  const dir = mkdtempSync(join(tmpdir(), 'mcpl-bench-hot-'))
  let pods: PodProcesses[] = []
  let manager: Proc | undefined
  try {
    // hot-session: 2025 sessions (the v1 client); hot-both: stateless, both eras.
    await createServers(c, namespace, [
      { name: 'hot-session', replicas: 1 },
      { name: 'hot-both', replicas: 1 },
    ])
    await waitSettled(c, namespace, 2, 120_000)
    const serve = (name: string, mode: string) =>
      startExamplePods(c, namespace, `app=${name}`, mode)
    pods = [await serve('hot-session', 'stateful'), await serve('hot-both', 'both')]
    const podUrl = async (p: PodProcesses) => {
      await p.waitFor((m) => [...m.values()].some((i) => i.state === 'listening'), 20_000)
      return [...p.processes().values()].find((i) => i.state === 'listening')!
    }
    const [sessionPod, bothPod] = [await podUrl(pods[0]!), await podUrl(pods[1]!)]

    const token = randomBytes(24).toString('hex')
    const tokens = join(dir, 'tokens.json')
    writeFileSync(tokens, JSON.stringify({ tokens: [{ id: 'bench', scope: 'write', token }] }))
    const env = managerEnv(namespace)
    const profile = process.env.BENCH_HOT_PROFILE
    if (profile) env.NODE_OPTIONS += ` --cpu-prof --cpu-prof-dir=${profile}`
    if (process.env.BENCH_HOT_NODE_OPTIONS) env.NODE_OPTIONS += ` ${process.env.BENCH_HOT_NODE_OPTIONS}`
    const bundle = process.env.BENCH_HOT_MANAGER ?? MANAGER_BUNDLE
    manager = await spawnTagged(bundle, 'mcpl-bench-hot', {
      ...env,
      MCPL_AUTH: 'token',
      MCPL_TOKENS_FILE: tokens,
      NODE_COMPILE_CACHE: compileCache(bundle, join(dir, 'compile-cache')),
    })
    const base = manager.url
    const auth = { authorization: `Bearer ${token}` }
    const cannon = async (url: string, request: CannonRequest, pid?: number): Promise<Cannon> => {
      const cpu0 = pid === undefined ? 0 : processCpuMs(pid)
      const r = await runAutocannon(url, connections, seconds, request)
      const cpu = pid === undefined ? null : round((processCpuMs(pid) - cpu0) / r.total, 3)
      return { ...r, cpuMsPerRequest: cpu }
    }
    const versus = async (url: string, request: CannonRequest, floorUrl?: string) => {
      // The floor: the pod itself, or a bare server replaying the manager's answer.
      const file = join(dir, `answer-${Date.now()}.json`)
      if (!floorUrl) await recordAnswer(url, request, file)
      const bare = floorUrl ? undefined : await spawnTagged(BARE, 'mcpl-bench-bare', {}, [file])
      try {
        const ours = await cannon(url, request, manager!.pid)
        const floor = await cannon(floorUrl ?? `${bare!.url}/`, request, bare?.pid)
        return compare(ours, floor)
      } finally {
        await bare?.stop()
      }
    }
    const result: HotPathResult = { connections, seconds, manager_rss_peak_mb: 0 }
    if (paths.includes('get')) {
      log('hot path: GET /servers/{name}')
      result.get_server = await versus(`${base}/servers/hot-both`, { headers: auth })
    }
    for (const era of ['2025-11-25', '2026-07-28'] as const) {
      if (!paths.includes(era === '2025-11-25' ? 'mcp-2025' : 'mcp-2026')) continue
      log(`hot path: POST /mcp get_mcp_status ${era}`)
      const call = toolCall(era, 'get_mcp_status', { name: 'hot-both' }, token)
      const key = era === '2025-11-25' ? 'mcp_get_status_2025' : 'mcp_get_status_2026'
      result[key] = await versus(`${base}/mcp`, call)
    }
    if (paths.includes('proxy')) {
      log('hot path: stateless 2026 echo, proxied vs direct')
      const echo = (t?: string) => toolCall('2026-07-28', 'echo', { text: 'hot' }, t)
      await recordAnswer(`${base}/servers/hot-both/mcp`, echo(token), join(dir, 'check.json'))
      const ours = await cannon(`${base}/servers/hot-both/mcp`, echo(token), manager.pid)
      const direct = await cannon(bothPod.url, echo(), bothPod.pid)
      result.proxied_throughput = compare(ours, direct)
      const bareProxy = await spawnTagged(BARE_PROXY, 'mcpl-bench-bare-proxy', {}, [bothPod.url])
      try {
        const path = new URL(bothPod.url).pathname
        const viaBare = await cannon(`${bareProxy.url}${path}`, echo(), bareProxy.pid)
        result.bare_proxy_throughput = compare(viaBare, direct)
      } finally {
        await bareProxy.stop()
      }
    }
    if (paths.includes('overhead')) {
      log('hot path: proxy overhead, interleaved')
      const calls = envInt('BENCH_HOT_CALLS', 400)
      const bareProxy = await spawnTagged(BARE_PROXY, 'mcpl-bench-bare-proxy', {}, [sessionPod.url])
      const honoProxy = await spawnTagged(HONO_PROXY, 'mcpl-bench-hono-proxy', {}, [sessionPod.url])
      const podPath = new URL(sessionPod.url).pathname
      const proxied = await connectV1(`${base}/servers/hot-session/mcp`, token)
      const viaBare = await connectV1(`${bareProxy.url}${podPath}`)
      const viaHono = await connectV1(`${honoProxy.url}${podPath}`)
      const direct = await connectV1(sessionPod.url)
      try {
        result.proxy_overhead = await interleavedOverhead(proxied, direct, calls)
        result.bare_proxy_overhead = await interleavedOverhead(viaBare, direct, calls)
        result.hono_proxy_overhead = await interleavedOverhead(viaHono, direct, calls)
      } finally {
        await Promise.allSettled([
          proxied.close(),
          viaBare.close(),
          viaHono.close(),
          direct.close(),
        ])
        await Promise.allSettled([bareProxy.stop(), honoProxy.stop()])
      }
    }
    result.manager_rss_peak_mb = round(manager.memory().peakMb)
    return result
  } finally {
    await manager?.stop()
    await Promise.allSettled(pods.map((p) => p.stop()))
    await deleteNamespace(c, namespace)
    rmSync(dir, { recursive: true, force: true })
  }
}

type Cannon = CannonResult & { cpuMsPerRequest: number | null }

function compare(ours: Cannon, floor: Cannon): Versus {
  return {
    manager_rps: round(ours.requestsPerSecond),
    floor_rps: round(floor.requestsPerSecond),
    ratio: round(ours.requestsPerSecond / floor.requestsPerSecond, 3),
    manager_p99_ms: ours.p99,
    manager_cpu_ms_per_request: ours.cpuMsPerRequest ?? NaN,
    floor_cpu_ms_per_request: floor.cpuMsPerRequest,
    failures: ours.non2xx + ours.errors + floor.non2xx + floor.errors,
  }
}

export function hotPathTable(r: HotPathResult): string {
  const row = (what: string, v: Versus | undefined, floor: string, target: string) =>
    v
      ? [
          what,
          v.manager_rps,
          `${v.floor_rps} (${floor})`,
          `${v.ratio}x`,
          cpu(v),
          target,
          v.failures,
        ]
      : [what, '-', '-', '-', '-', target, '-']
  const cpu = (v: Versus) =>
    `${v.manager_cpu_ms_per_request} / ${v.floor_cpu_ms_per_request ?? '-'}`
  const overhead = (what: string, o: Overhead | undefined, target: string) =>
    o
      ? [
          `${what}, ${o.calls} interleaved v1 echo calls`,
          `+${o.overhead_ms.p50} ms p50`,
          `+${o.overhead_ms.p99} ms p99`,
          `${o.proxied_ms.p50}/${o.direct_ms.p50} ms p50`,
          '',
          target,
          0,
        ]
      : [what, '-', '-', '-', '-', target, '-']
  return table(
    `Hot path (issue 29): autocannon -c ${r.connections} -d ${r.seconds}, manager bundle with its image's flags`,
    [
      [
        'path',
        'req/s',
        'floor req/s',
        'x floor',
        'CPU ms/request (ours / floor)',
        'target',
        'failures',
      ],
      row('GET /servers/{name}', r.get_server, 'bare node:http', '>= 0.5x'),
      row(
        'POST /mcp get_mcp_status 2025-11-25',
        r.mcp_get_status_2025,
        'bare node:http',
        '>= 3000 req/s'
      ),
      row(
        'POST /mcp get_mcp_status 2026-07-28',
        r.mcp_get_status_2026,
        'bare node:http',
        '>= 3000 req/s'
      ),
      row('proxied stateless 2026 echo', r.proxied_throughput, 'straight to the pod', '>= 0.7x'),
      row('the same, bare node:http proxy', r.bare_proxy_throughput, 'straight to the pod', ''),
      overhead('proxy overhead', r.proxy_overhead, '<= +0.5 ms p50, +2 ms p99'),
      overhead('bare node:http proxy overhead', r.bare_proxy_overhead, '(the floor of a hop)'),
      overhead('hono + undici proxy overhead', r.hono_proxy_overhead, '(the framework floor)'),
      ['manager peak RSS (VmHWM)', `${r.manager_rss_peak_mb} MB`, '', '', '', '<= 150 MB', ''],
    ]
  )
}

/** The targets, each met or missed. */
export function hotPathTargets(r: HotPathResult | undefined) {
  const t = (target: string, measured: string, met: boolean | null) => ({ target, measured, met })
  const g = r?.get_server
  const m5 = r?.mcp_get_status_2025
  const m6 = r?.mcp_get_status_2026
  const p = r?.proxied_throughput
  const o = r?.proxy_overhead
  return [
    t(
      'Hot path: GET /servers/{name} at least 0.5x a bare node:http server',
      g ? `${g.ratio}x` : '-',
      g ? g.ratio >= 0.5 : null
    ),
    t(
      'Hot path: /mcp get_mcp_status at least 3000 req/s in both eras',
      m5 && m6 ? `${m5.manager_rps} / ${m6.manager_rps} req/s` : '-',
      m5 && m6 ? Math.min(m5.manager_rps, m6.manager_rps) >= 3000 : null
    ),
    t(
      'Hot path: proxy overhead at most +0.5 ms p50 and +2 ms p99',
      o ? `+${o.overhead_ms.p50} / +${o.overhead_ms.p99} ms` : '-',
      o ? o.overhead_ms.p50 <= 0.5 && o.overhead_ms.p99 <= 2 : null
    ),
    t(
      'Hot path: proxied throughput at least 0.7x direct',
      p ? `${p.ratio}x` : '-',
      p ? p.ratio >= 0.7 : null
    ),
    t(
      'Hot path: manager peak RSS at most 150 MB',
      r ? `${r.manager_rss_peak_mb} MB` : '-',
      r ? r.manager_rss_peak_mb <= 150 : null
    ),
  ]
}
