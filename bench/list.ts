// Benchmark 1: list economy and latency. For each size N: N MCP server Deployments (each with a
// Service) plus N other Deployments in one namespace; then
//  - the API requests one GET /servers makes, counted in the API server's audit log,
//  - GET /servers latency (median, p95) beside the raw LIST calls it stands on, in the same run,
//  - the same for a one-call-per-server baseline (LIST Deployments, then GET each Service),
//    served through the same app.
import {
  AuditCounter,
  cluster,
  createApiClients,
  createK8sBackend,
  createNamespace,
  createServers,
  deleteNamespace,
  keepAliveFetch,
  type LifecycleBackend,
  mapLimit,
  MCP_SELECTOR,
  request,
  serveServerApp,
  taggedFetch,
  UserAgent,
  waitSettled,
} from './lib.ts'
import { envInt, log, median, round, summarize, type Summary, table, timed } from './stats.ts'
import { toDeploymentSnapshot, toServiceSnapshot } from '@mcp-lifecycle/k8s-adapter/testing'

export interface ListSizeResult {
  mcp_servers: number
  other_deployments: number
  services: number
  setup_seconds: number
  api_requests_per_get_servers: number
  api_requests_per_get_servers_loop_average: number
  api_requests_per_raw_list: number
  api_requests_per_baseline_get_servers: number
  get_servers_ms: Summary
  raw_list_ms: Summary
  raw_list_wire_ms: Summary
  ratio_get_servers_to_raw_list_median: number
  ratio_get_servers_to_raw_list_p95: number
  response_kb: number
  baseline_get_servers_ms: Summary
  ratio_baseline_to_raw_list_median: number
  baseline_concurrency: number
  baseline_iterations: number
  keepalive_get_servers_ms: Summary
  keepalive_raw_list_ms: Summary
  ratio_keepalive_get_servers_to_raw_list_median: number
}

export interface ListResult {
  namespace: string
  iterations: number
  sizes: ListSizeResult[]
}

/** One-call-per-server listing: LIST the MCP Deployments, then GET the Service of each (20 in flight). */
function perServerBackend(
  base: LifecycleBackend,
  api: ReturnType<typeof createApiClients>,
  namespace: string,
  concurrency: number
): LifecycleBackend {
  return {
    ...base,
    async listServers() {
      const list = await api.apps.listNamespacedDeployment({
        namespace,
        labelSelector: MCP_SELECTOR,
      })
      return mapLimit(list.items, concurrency, async (d) => {
        const name = d.metadata?.name ?? ''
        const services = await api.core.readNamespacedService({ name, namespace }).then(
          (s) => [toServiceSnapshot(s)],
          () => []
        )
        return { deployment: toDeploymentSnapshot(d), services }
      })
    },
  }
}

export async function runList(sizes: number[]): Promise<ListResult> {
  const iterations = envInt('BENCH_LIST_ITERATIONS', 30)
  const baselineConcurrency = envInt('BENCH_BASELINE_CONCURRENCY', 20)
  const c = cluster()
  const audit = new AuditCounter()
  const namespace = await createNamespace(c, 'bench-list')
  log(`list: namespace ${namespace}, sizes ${sizes.join(', ')}, ${iterations} iterations`)

  const uaOurs = new UserAgent('mcpl-bench-list-warmup')
  const uaBase = new UserAgent('mcpl-bench-list-base-warmup')
  const uaRaw = new UserAgent('mcpl-bench-list-raw-warmup')
  const ours = await serveServerApp(namespace, uaOurs)
  const baseApi = createApiClients(c.kc, taggedFetch(uaBase.get))
  const baseBackend = perServerBackend(
    createK8sBackend({ kubeConfig: c.kc, namespace, fetch: taggedFetch(uaBase.get) }),
    baseApi,
    namespace,
    baselineConcurrency
  )
  const baseline = await serveServerApp(namespace, uaBase, baseBackend)
  const raw = createApiClients(c.kc, taggedFetch(uaRaw.get))
  // The two LIST calls GET /servers makes, through the same client code, in parallel.
  const rawList = () =>
    Promise.all([
      raw.apps.listNamespacedDeployment({ namespace, labelSelector: MCP_SELECTOR }),
      raw.core.listNamespacedService({ namespace }),
    ])
  // The same two LISTs on the wire only: bytes read, nothing deserialized.
  const wireList = () =>
    Promise.all(
      [
        raw.stream(
          `/apis/apps/v1/namespaces/${namespace}/deployments`,
          { labelSelector: MCP_SELECTOR },
          AbortSignal.timeout(30_000)
        ),
        raw.stream(`/api/v1/namespaces/${namespace}/services`, {}, AbortSignal.timeout(30_000)),
      ].map(async (r) => (await r).arrayBuffer())
    )
  // Experiment: the same app and LISTs over one kept-alive connection pool (see keepAliveFetch).
  const uaKa = new UserAgent('mcpl-bench-list-ka')
  const kaFetch = await keepAliveFetch(c.kc, uaKa.get)
  const kaServed = await serveServerApp(
    namespace,
    uaKa,
    createK8sBackend({ kubeConfig: c.kc, namespace, fetch: kaFetch })
  )
  const kaRaw = createApiClients(c.kc, kaFetch)
  const kaRawList = () =>
    Promise.all([
      kaRaw.apps.listNamespacedDeployment({ namespace, labelSelector: MCP_SELECTOR }),
      kaRaw.core.listNamespacedService({ namespace }),
    ])
  const getServers = async (url: string) => {
    const response = await request(`${url}/servers`)
    return (await response.json()) as { servers: unknown[] }
  }

  const results: ListSizeResult[] = []
  let created = 0
  try {
    for (const size of sizes) {
      const t0 = performance.now()
      const specs = []
      for (let i = created; i < size; i++) {
        const id = String(i).padStart(5, '0')
        specs.push({ name: `mcp-${id}`, replicas: i % 10 === 0 ? 1 : 0 })
        specs.push({ name: `other-${id}`, mcp: false, replicas: 0 })
      }
      log(`list: creating ${specs.length} Deployments (+${size - created} Services)`)
      await createServers(c, namespace, specs)
      created = size
      await waitSettled(c, namespace, 2 * size)
      const setupSeconds = round((performance.now() - t0) / 1000)
      log(`list: ${size} MCP servers settled in ${setupSeconds} s; measuring`)

      // Warm up every path (connections, JIT).
      for (let i = 0; i < 3; i++) {
        const body = await getServers(ours.url)
        if (body.servers.length !== size)
          throw new Error(`GET /servers listed ${body.servers.length}, expected ${size}`)
        await rawList()
        await wireList()
        await getServers(kaServed.url)
        await kaRawList()
      }
      await getServers(baseline.url) // 1 + N requests: warmed up once

      // API requests of exactly one call each, attributed by user agent.
      const count = async (ua: UserAgent, tag: string, fn: () => Promise<unknown>) => {
        ua.current = `mcpl-bench-list-${size}-${tag}`
        const offset = audit.mark()
        await fn()
        return audit.count(ua.current, offset)
      }
      const oursRequests = await count(uaOurs, 'one', () => getServers(ours.url))
      const rawRequests = await count(uaRaw, 'one', rawList)
      const baseRequests = await count(uaBase, 'one', () => getServers(baseline.url))

      // Latencies, interleaved so that drift in the machine's load hits all alike.
      uaOurs.current = `mcpl-bench-list-${size}-loop`
      uaRaw.current = `mcpl-bench-list-raw-${size}-loop`
      uaBase.current = `mcpl-bench-list-base-${size}-loop`
      const loopOffset = audit.mark()
      // The baseline costs 1 + N requests per call: fewer iterations at larger sizes.
      const baseIterations = Math.min(iterations, size >= 1000 ? 5 : size >= 100 ? 10 : iterations)
      const baseEvery = Math.ceil(iterations / baseIterations)
      const t = {
        ours: [] as number[],
        raw: [] as number[],
        wire: [] as number[],
        base: [] as number[],
        ka: [] as number[],
        kaRaw: [] as number[],
      }
      let responseBytes = 0
      for (let i = 0; i < iterations; i++) {
        t.raw.push((await timed(rawList))[0])
        t.wire.push((await timed(wireList))[0])
        const [ms, response] = await timed(() =>
          request(`${ours.url}/servers`).then((r) => r.arrayBuffer())
        )
        t.ours.push(ms)
        responseBytes = response.byteLength
        t.kaRaw.push((await timed(kaRawList))[0])
        t.ka.push(
          (await timed(() => request(`${kaServed.url}/servers`).then((r) => r.arrayBuffer())))[0]
        )
        if (i % baseEvery === 0) t.base.push((await timed(() => getServers(baseline.url)))[0])
      }
      const loopRequests = await audit.count(`mcpl-bench-list-${size}-loop`, loopOffset)

      const oursMs = summarize(t.ours)
      const rawMs = summarize(t.raw)
      const baseMs = summarize(t.base)
      const result: ListSizeResult = {
        mcp_servers: size,
        other_deployments: size,
        services: size,
        setup_seconds: setupSeconds,
        api_requests_per_get_servers: oursRequests,
        api_requests_per_get_servers_loop_average: round(loopRequests / iterations, 2),
        api_requests_per_raw_list: rawRequests,
        api_requests_per_baseline_get_servers: baseRequests,
        get_servers_ms: oursMs,
        raw_list_ms: rawMs,
        raw_list_wire_ms: summarize(t.wire),
        ratio_get_servers_to_raw_list_median: round(oursMs.median / rawMs.median, 2),
        ratio_get_servers_to_raw_list_p95: round(oursMs.p95 / rawMs.p95, 2),
        response_kb: round(responseBytes / 1024),
        baseline_get_servers_ms: baseMs,
        ratio_baseline_to_raw_list_median: round(baseMs.median / rawMs.median, 2),
        baseline_concurrency: baselineConcurrency,
        baseline_iterations: t.base.length,
        keepalive_get_servers_ms: summarize(t.ka),
        keepalive_raw_list_ms: summarize(t.kaRaw),
        ratio_keepalive_get_servers_to_raw_list_median: round(median(t.ka) / median(t.kaRaw), 2),
      }
      results.push(result)
      log(
        `list ${size}: ${oursRequests} requests, GET /servers median ${oursMs.median} ms vs raw LIST ${rawMs.median} ms (x${result.ratio_get_servers_to_raw_list_median}); baseline ${baseRequests} requests, ${baseMs.median} ms`
      )
    }
  } finally {
    await ours.close()
    await baseline.close()
    await kaServed.close()
    log(`list: deleting namespace ${namespace}`)
    await deleteNamespace(c, namespace)
  }
  return { namespace, iterations, sizes: results }
}

export function listTable(result: ListResult): string {
  const ours: (string | number)[][] = [
    [
      'MCP servers (+ as many others)',
      'API req / GET /servers',
      'GET /servers median ms',
      'p95 ms',
      'raw LIST median ms',
      'p95 ms',
      'ratio median',
      'ratio p95',
      'LIST wire-only median ms',
      'answer KB',
    ],
  ]
  const others: (string | number)[][] = [
    [
      'MCP servers (+ as many others)',
      'baseline API req',
      'baseline median ms',
      'baseline p95 ms',
      'baseline / raw LIST',
      'baseline / GET /servers',
      'keep-alive GET /servers median ms',
      'keep-alive raw LIST median ms',
      'keep-alive ratio',
    ],
  ]
  for (const s of result.sizes) {
    ours.push([
      s.mcp_servers,
      s.api_requests_per_get_servers,
      s.get_servers_ms.median,
      s.get_servers_ms.p95,
      s.raw_list_ms.median,
      s.raw_list_ms.p95,
      `${s.ratio_get_servers_to_raw_list_median}x`,
      `${s.ratio_get_servers_to_raw_list_p95}x`,
      s.raw_list_wire_ms.median,
      s.response_kb,
    ])
    others.push([
      s.mcp_servers,
      s.api_requests_per_baseline_get_servers,
      s.baseline_get_servers_ms.median,
      s.baseline_get_servers_ms.p95,
      `${s.ratio_baseline_to_raw_list_median}x`,
      `${round(s.baseline_get_servers_ms.median / s.get_servers_ms.median, 1)}x`,
      s.keepalive_get_servers_ms.median,
      s.keepalive_raw_list_ms.median,
      `${s.ratio_keepalive_get_servers_to_raw_list_median}x`,
    ])
  }
  const first = result.sizes[0]
  return [
    table(
      `1a. List economy and latency: GET /servers beside the raw LIST calls it makes (${result.iterations} iterations, interleaved)`,
      ours
    ),
    table(
      `1b. Baseline: LIST Deployments + GET each Service (${first?.baseline_concurrency ?? 20} in flight, ${result.sizes.map((s) => s.baseline_iterations).join('/')} iterations), and the keep-alive experiment`,
      others
    ),
  ].join('\n\n')
}

if (import.meta.main) {
  const sizes = (process.env.BENCH_SIZES ?? '10,100').split(',').map(Number)
  const result = await runList(sizes)
  console.log(listTable(result))
}
