// The front door soak (issue 26): the manager as its image runs it (bundle, NODE_OPTIONS), a
// quiet run of normal reads, then BENCH_SOAK_SECONDS (600) of the same reads beside hostile
// traffic at bounded rates: forged session ids, names that are no server, HEAD, a hostNetwork
// Deployment aimed at the API server's port, encoded dot segments, change streams opened and
// dropped, slow connections held open, and wakes and stops of a server. Prints the reads' p50
// and p99 (quiet and under attack), the manager's resident memory over time, and every answer
// by status (503s by title). 127.0.0.1 only; every loop is bounded in rate and in flight, and
// the whole run stops by itself.
//
//   bash scripts/run.sh pnpm --filter @mcp-lifecycle/server build
//   eval "$(npm run --silent cluster:up)"; BENCH_SOAK_SECONDS=120 bash scripts/run.sh node bench/front-door-soak.ts
import { connect, type Socket } from 'node:net'
import { randomBytes } from 'node:crypto'
import { cluster, createServers, deploymentManifest, waitSettled } from './lib.ts'
import { percentile, round, sleep } from './stats.ts'
import { withShippedManager } from './shipped-manager.ts'

const soakSeconds = Number(process.env.BENCH_SOAK_SECONDS ?? 600)
const quietSeconds = Number(process.env.BENCH_SOAK_QUIET_SECONDS ?? 30)
const SERVERS = 20

const c = cluster()
const specs = Array.from({ length: SERVERS }, (_, i) => ({
  name: `mcp-${String(i).padStart(3, '0')}`,
  replicas: 1,
}))
const answers = new Map<string, number>()
const count = (key: string) => answers.set(key, (answers.get(key) ?? 0) + 1)

/** Runs `fn` `perSecond` times a second, at most `inFlight` at once (a slow answer skips a beat). */
function every(perSecond: number, inFlight: number, fn: () => Promise<void>, until: () => boolean) {
  let running = 0
  return (async () => {
    while (!until()) {
      if (running < inFlight) {
        running++
        void fn()
          .catch((error: unknown) => count(`error ${(error as Error).name}`))
          .finally(() => running--)
      }
      await sleep(1000 / perSecond)
    }
    while (running > 0) await sleep(20)
  })()
}

async function record(res: Response, label: string): Promise<void> {
  let key = `${label} ${res.status}`
  if (res.status >= 500) {
    const body = (await res.json().catch(() => ({}))) as { title?: string }
    key += ` (${body.title ?? 'no problem body'})`
  } else await res.arrayBuffer().catch(() => undefined)
  count(key)
}

/** The servers read, one asleep (woken and stopped), and a Deployment an attacker controls. */
async function setUp(namespace: string) {
  await createServers(c, namespace, [...specs, { name: 'sleepy', replicas: 0 }])
  // Host network, its port annotation aimed at the API server.
  const evil = deploymentManifest({ name: 'evil', replicas: 1 })
  evil.metadata!.annotations = {
    'mcp-lifecycle/mcp-port': new URL(c.kc.getCurrentCluster()!.server).port,
    'mcp-lifecycle/mcp-path': '/api/v1/secrets',
  }
  evil.spec!.template.spec!.hostNetwork = true
  await c.apps.createNamespacedDeployment({ namespace, body: evil })
  await waitSettled(c, namespace, SERVERS + 2, 120_000)
}

await withShippedManager(c, 'bench-soak', setUp, async (manager) => {
  const base = manager.url
  const rss: number[] = []
  const sampler = setInterval(() => rss.push(Math.round(manager.memory().rssMb)), 5000)
  try {
    const reads = async (seconds: number): Promise<number[]> => {
      const latencies: number[] = []
      const end = Date.now() + seconds * 1000
      let i = 0
      await every(
        50,
        10,
        async () => {
          const name = specs[i++ % SERVERS]!.name
          const t0 = performance.now()
          const res = await fetch(`${base}/servers/${name}`)
          await res.arrayBuffer()
          latencies.push(performance.now() - t0)
          count(`read ${res.status}`)
        },
        () => Date.now() > end
      )
      return latencies
    }

    const summary = (ms: number[]) => ({
      p50: round(percentile(ms, 50)),
      p99: round(percentile(ms, 99)),
      n: ms.length,
    })
    const quiet = summary(await reads(quietSeconds))
    const end = Date.now() + soakSeconds * 1000
    const over = () => Date.now() > end
    const mcpHeaders = {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
    }
    const body = '{"jsonrpc":"2.0","id":1,"method":"tools/list"}'
    const slow: Socket[] = []
    const attacks = [
      every(
        50,
        20,
        async () => {
          const forged = `m1.AAAAAAAA.${randomBytes(12).toString('base64url')}.${randomBytes(16).toString('base64url')}.${randomBytes(5000).toString('base64url')}`
          const res = await fetch(`${base}/servers/mcp-000/mcp`, {
            method: 'POST',
            headers: { ...mcpHeaders, 'mcp-session-id': forged },
            body,
          })
          await record(res, 'forged session')
        },
        over
      ),
      every(
        20,
        10,
        async () => {
          const res = await fetch(`${base}/servers/no-${randomBytes(4).toString('hex')}/mcp`, {
            method: 'POST',
            headers: mcpHeaders,
            body,
          })
          await record(res, 'unknown name')
        },
        over
      ),
      every(
        5,
        5,
        async () => {
          await record(await fetch(`${base}/servers/sleepy/mcp`, { method: 'HEAD' }), 'HEAD')
        },
        over
      ),
      every(
        5,
        5,
        async () => {
          const res = await fetch(`${base}/servers/evil/mcp`, {
            method: 'POST',
            headers: mcpHeaders,
            body,
          })
          await record(res, 'hostNetwork pod')
        },
        over
      ),
      every(
        5,
        5,
        async () => {
          await record(
            await fetch(`${base}/servers/%2e%2e/servers/mcp-001/stop`, { method: 'POST' }),
            'dot segments'
          )
        },
        over
      ),
      // Change streams: 20 open at a time, each dropped after 10 s.
      every(
        2,
        20,
        async () => {
          const controller = new AbortController()
          const res = await fetch(`${base}/servers?watch=true`, { signal: controller.signal })
          count(`stream ${res.status}`)
          await sleep(10_000)
          controller.abort()
          await res.body?.cancel().catch(() => undefined)
        },
        over
      ),
      // Slow connections: up to 500 held open with half a request line.
      every(
        50,
        50,
        async () => {
          if (slow.length >= 500) return
          const socket = connect({ host: '127.0.0.1', port: Number(new URL(base).port) })
          socket.on('error', () => undefined)
          socket.write('GET /servers HTTP/1.1\r\nHost: 127.0.0.1\r\n')
          slow.push(socket)
        },
        over
      ),
      // Wakes and stops of one server, every 5 s in turn.
      every(
        0.2,
        1,
        async () => {
          const start = await fetch(`${base}/servers/sleepy/start`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: '{"wait_ready": true, "timeout": 30}',
          })
          await record(start, 'start')
          await sleep(2500)
          const stop = await fetch(`${base}/servers/sleepy/stop`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: '{}',
          })
          await record(stop, 'stop')
        },
        over
      ),
    ]
    const loaded = summary(await reads(soakSeconds))
    await Promise.all(attacks)
    for (const socket of slow) socket.destroy()
    const healthz = (await fetch(`${base}/healthz`)).status
    console.log(
      JSON.stringify(
        {
          soak_seconds: soakSeconds,
          reads_quiet_ms: quiet,
          reads_under_attack_ms: loaded,
          p99_ratio: Math.round((loaded.p99 / quiet.p99) * 100) / 100,
          rss_mb_every_5s: rss,
          answers: Object.fromEntries([...answers].sort()),
          healthz_after: healthz,
          manager_alive: healthz === 200,
        },
        null,
        2
      )
    )
  } finally {
    clearInterval(sampler)
  }
})
