// The front door under forged session ids (issue 26, finding 2): the manager as its image runs
// it (the bundle and its NODE_OPTIONS), one MCP server, and BENCH_FORGED_REQUESTS (20,000)
// requests to /servers/{name}/mcp, each with its own 7 kB session id made of a valid-looking
// pin and a long tail, BENCH_FORGED_CONCURRENCY (20) at a time. Prints the manager's resident
// memory before, after and at its peak, and the answers by status. Targets 127.0.0.1 only;
// stops by itself.
//
//   bash scripts/run.sh pnpm --filter @mcp-lifecycle/server build
//   eval "$(npm run --silent cluster:up)"; bash scripts/run.sh node bench/forged-sessions.ts
import { randomBytes } from 'node:crypto'
import { cluster, createServers, mapLimit, waitSettled } from './lib.ts'
import { withRssSamples } from './processes.ts'
import { withShippedManager } from './shipped-manager.ts'

const total = Number(process.env.BENCH_FORGED_REQUESTS ?? 20_000)
const concurrency = Number(process.env.BENCH_FORGED_CONCURRENCY ?? 20)
const warmUp = Math.min(1000, Math.floor(total / 10))

const c = cluster()
const setUp = async (namespace: string) => {
  await createServers(c, namespace, [{ name: 'weather', replicas: 1 }])
  await waitSettled(c, namespace, 1, 60_000)
}
await withShippedManager(c, 'bench-forged', setUp, async (manager) => {
  const statuses = new Map<number, number>()
  const send = async () => {
    // What the attack sent: a pin's shape (version, key id, pod, MAC) and a 7 kB tail.
    const forged = `m1.AAAAAAAA.${randomBytes(12).toString('base64url')}.${randomBytes(16).toString('base64url')}.${randomBytes(5200).toString('base64url')}`
    const res = await fetch(`${manager.url}/servers/weather/mcp`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
        'mcp-session-id': forged,
      },
      body: '{"jsonrpc":"2.0","id":1,"method":"tools/list"}',
    })
    await res.arrayBuffer()
    statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1)
  }
  await mapLimit(Array.from({ length: warmUp }), concurrency, send)
  const before = manager.memory().rssMb
  const t0 = performance.now()
  const [, peak] = await withRssSamples(manager, () =>
    mapLimit(Array.from({ length: total }), concurrency, send)
  )
  const seconds = (performance.now() - t0) / 1000
  const after = manager.memory().rssMb
  const healthy = (await fetch(`${manager.url}/healthz`)).status
  console.log(
    JSON.stringify(
      {
        requests: total,
        concurrency,
        seconds: Math.round(seconds * 10) / 10,
        rss_before_mb: Math.round(before * 10) / 10,
        rss_after_mb: Math.round(after * 10) / 10,
        rss_peak_mb: Math.round(peak * 10) / 10,
        rss_growth_mb: Math.round((after - before) * 10) / 10,
        statuses: Object.fromEntries(statuses),
        healthz_after: healthy,
      },
      null,
      2
    )
  )
})
