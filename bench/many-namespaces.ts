// Benchmark: many namespaces (issue 31). N namespaces x S MCP servers (a Service each, 0
// replicas), one manager (apps/server, from source or its bundle) with MCPL_NAMESPACES listing
// them all and two tenant tokens (the first and second namespace) beside an admin one. Prints
// GET /servers p50/p99 from the cache for a tenant (`/namespaces/{ns}/servers`) and for every
// namespace (`/servers?all_namespaces=true`), the manager's peak RSS, and how long a scale in
// the first namespace takes to reach its tenant's change stream (p50/p99), counting any server
// event the other tenant's stream got meanwhile (should be 0). Bounded: each phase has a
// deadline, and the namespaces are deleted at the end. Only 127.0.0.1 is targeted (and KUBECONFIG's cluster).
//
//   BENCH_NS_COUNT (10), BENCH_NS_SERVERS (300), BENCH_NS_READS (500), BENCH_NS_SCALES (20),
//   BENCH_NS_GAP_MS (500: the pause after each scale's event, so that the status changes that
//   follow a scale have passed and each scale is timed alone; 1: back to back),
//   BENCH_NS_MANAGER (source: apps/server/src/main.ts; bundle: the manager as shipped,
//   apps/server/dist/manager.mjs with its image's NODE_OPTIONS and compile cache; build it
//   first with `pnpm --filter @mcp-lifecycle/server build`), BENCH_NS_HEAP_SNAPSHOT (a
//   directory: after the memory is read, the manager writes a heap snapshot there)
//
//   MCPL_STATE=... MCPL_POD_CIDR=... ; eval "$(bash infra/control-plane/up.sh)"
//   node bench/many-namespaces.ts
import { spawn } from 'node:child_process'
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { cluster, createNamespace, createServers, deleteNamespace, mapLimit } from './lib.ts'
import { envInt, freePort, log, percentile, round, sleep, table } from './stats.ts'
import { processMemory } from './processes.ts'
import { compileCache, MANAGER_BUNDLE, managerEnv } from './shipped.ts'

const MAIN = new URL('../apps/server/src/main.ts', import.meta.url).pathname
const TOKENS = {
  admin: 'bench-admin-token-0123456789',
  a: 'bench-tenant-a-0123456789',
  b: 'bench-tenant-b-0123456789',
}
const name = (i: number) => `mcp-${String(i).padStart(4, '0')}`

const count = envInt('BENCH_NS_COUNT', 10)
const size = envInt('BENCH_NS_SERVERS', 300)
const reads = envInt('BENCH_NS_READS', 500)
const scales = envInt('BENCH_NS_SCALES', 20)
const gapMs = envInt('BENCH_NS_GAP_MS', 500)
const shipped = process.env.BENCH_NS_MANAGER === 'bundle'
const snapshotDir = process.env.BENCH_NS_HEAP_SNAPSHOT
const c = cluster()
const namespaces: string[] = []
const stop = new AbortController()
let manager: ReturnType<typeof spawn> | undefined

try {
  for (let i = 0; i < count; i++) namespaces.push(await createNamespace(c, `bench-ns${i}`))
  const t0 = performance.now()
  await mapLimit(namespaces, 2, (ns) =>
    createServers(
      c,
      ns,
      Array.from({ length: size }, (_, i) => ({ name: name(i), replicas: 0 })),
      10
    )
  )
  log(
    `many namespaces: ${count} x ${size} servers created in ${round((performance.now() - t0) / 1000)} s`
  )
  const [home, nsA, nsB] = namespaces as [string, string, string]
  const tokens = join(mkdtempSync(join(tmpdir(), 'mcpl-bench-ns-')), 'tokens.json')
  writeFileSync(
    tokens,
    JSON.stringify({
      tokens: [
        { id: 'admin', scope: 'write', token: TOKENS.admin },
        { id: 'a', scope: 'write', servers: `${nsA}/*`, token: TOKENS.a },
        { id: 'b', scope: 'write', servers: `${nsB}/*`, token: TOKENS.b },
      ],
    })
  )
  const port = await freePort()
  const base = `http://127.0.0.1:${port}`
  manager = spawn(process.execPath, [shipped ? MANAGER_BUNDLE : MAIN], {
    env: {
      ...process.env,
      ...runAs(home),
      PORT: String(port),
      HOST: '127.0.0.1',
      MCPL_NAMESPACE: home,
      MCPL_NAMESPACES: namespaces.join(','),
      MCPL_TOKENS_FILE: tokens,
      MCPL_REAPER: 'off',
      MCPL_LOG_LEVEL: 'warn',
      MCPL_RATE_LIMIT_BURST: '1000',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  })
  const get = (path: string, token: string) =>
    fetch(`${base}${path}`, {
      headers: { authorization: `Bearer ${token}` },
      signal: AbortSignal.timeout(20_000),
    })
  // The cache is synced once every namespace answers in full.
  const synced = Date.now() + 180_000
  for (;;) {
    const listed = await get('/servers?all_namespaces=true', TOKENS.admin).then(
      async (r) => (r.ok ? ((await r.json()) as { servers: unknown[] }).servers.length : 0),
      () => 0
    )
    if (listed === count * size) break
    if (Date.now() > synced)
      throw new Error(`the manager listed ${listed} of ${count * size} servers`)
    await sleep(200)
  }

  const timeReads = async (path: string, token: string) => {
    const ms: number[] = []
    for (let i = 0; i < reads; i++) {
      const t = performance.now()
      const r = await get(path, token)
      await r.arrayBuffer()
      if (!r.ok) throw new Error(`${path} answered ${r.status}`)
      ms.push(performance.now() - t)
    }
    return ms
  }
  const tenant = await timeReads(`/namespaces/${nsA}/servers`, TOKENS.a)
  const all = await timeReads('/servers?all_namespaces=true', TOKENS.admin)

  // Two tenants' streams; scales in A's namespace, timed from the request to A's event.
  const seenAt = new Map<string, number>()
  let leakedToB = 0
  const follow = async (path: string, token: string, onServer: (data: string) => void) => {
    const r = await fetch(`${base}${path}`, {
      headers: { authorization: `Bearer ${token}` },
      signal: stop.signal,
    })
    let text = ''
    for await (const chunk of r.body!.pipeThrough(new TextDecoderStream())) {
      text += chunk
      let end: number
      while ((end = text.indexOf('\n\n')) >= 0) {
        const block = text.slice(0, end)
        text = text.slice(end + 2)
        if (block.startsWith('event: server')) onServer(block.slice(block.indexOf('data:') + 5))
      }
    }
  }
  const streams = [
    follow(`/namespaces/${nsA}/servers?watch=true`, TOKENS.a, (data) => {
      const { name: server, replicas } = JSON.parse(data) as { name: string; replicas: number }
      if (replicas === 1 && !seenAt.has(server)) seenAt.set(server, performance.now())
    }),
    follow(`/namespaces/${nsB}/servers?watch=true`, TOKENS.b, () => void leakedToB++),
  ].map((p) => p.catch(() => {}))
  await sleep(1000)
  const latencies: number[] = []
  for (let i = 0; i < scales; i++) {
    const server = name(i)
    const t = performance.now()
    await c.apps.replaceNamespacedDeploymentScale({
      name: server,
      namespace: nsA,
      body: { metadata: { name: server, namespace: nsA }, spec: { replicas: 1 } },
    })
    const deadline = Date.now() + 10_000
    while (!seenAt.has(server) && Date.now() < deadline) await sleep(1)
    if (seenAt.has(server)) latencies.push(seenAt.get(server)! - t)
    await sleep(gapMs)
  }
  await sleep(500)
  const memory = processMemory(manager.pid!)
  if (snapshotDir) await writeHeapSnapshot(manager.pid!, snapshotDir, base)
  stop.abort()
  await Promise.all(streams)
  console.log(
    table(`Many namespaces: ${count} x ${size} servers, one manager`, [
      ['measure', 'value'],
      [
        `GET /namespaces/{ns}/servers, tenant token (${size}): p50 / p99`,
        `${round(percentile(tenant, 50))} / ${round(percentile(tenant, 99))} ms`,
      ],
      [
        `GET /servers?all_namespaces=true (${count * size}): p50 / p99`,
        `${round(percentile(all, 50))} / ${round(percentile(all, 99))} ms`,
      ],
      ['manager', shipped ? 'bundle (image NODE_OPTIONS)' : 'source'],
      ['manager RSS now / peak (VmHWM)', `${round(memory.rssMb)} / ${round(memory.peakMb)} MB`],
      [
        `scale to the tenant's stream (${latencies.length} of ${scales}, ${gapMs} ms apart): p50 / p99`,
        `${round(percentile(latencies, 50))} / ${round(percentile(latencies, 99))} ms`,
      ],
      ["server events on the other tenant's stream", leakedToB],
    ])
  )
} finally {
  stop.abort()
  manager?.kill('SIGTERM')
  log('many namespaces: deleting the namespaces')
  await Promise.all(namespaces.map((ns) => deleteNamespace(c, ns)))
}

/** How the manager runs: from source as is, or as its image runs its bundle. */
function runAs(namespace: string): Record<string, string> {
  const options = [
    ...(shipped ? [managerEnv(namespace).NODE_OPTIONS] : []),
    ...(snapshotDir ? ['--heapsnapshot-signal=SIGUSR2', `--diagnostic-dir=${snapshotDir}`] : []),
  ]
  return {
    ...(options.length > 0 && { NODE_OPTIONS: options.join(' ') }),
    ...(shipped && {
      NODE_COMPILE_CACHE: compileCache(
        MANAGER_BUNDLE,
        mkdtempSync(join(tmpdir(), 'mcpl-bench-compile-cache-'))
      ),
    }),
  }
}

/** Signals the manager to write a heap snapshot into `dir`; resolves once it answers again. */
async function writeHeapSnapshot(pid: number, dir: string, base: string): Promise<void> {
  const before = new Set(readdirSync(dir))
  process.kill(pid, 'SIGUSR2')
  const written = () => readdirSync(dir).find((f) => f.endsWith('.heapsnapshot') && !before.has(f))
  const deadline = Date.now() + 120_000
  while (Date.now() < deadline) {
    await sleep(500)
    const answers = await fetch(`${base}/healthz`, { signal: AbortSignal.timeout(5000) }).then(
      (r) => r.ok,
      () => false
    )
    if (written() && answers) return log(`many namespaces: heap snapshot ${join(dir, written()!)}`)
  }
  throw new Error('no heap snapshot within 120 s')
}
