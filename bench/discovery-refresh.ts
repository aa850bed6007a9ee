// The manager's own discovery of a server (issue 30): N sleeping servers, each woken by a bare
// 2026-07-28 tools/call (no client lists anything), then stopped the reaper's way. Real example
// server processes per kwok pod (`--mode both`), the activator over the real adapter with the
// ConfigMap discovery store, on loopback. Prints, per server: the wake's tools/call, the time
// from its answer until the store holds the lists, how long the stop was held for the refresh
// before it, and whether tools/list is then answered asleep (no wake).
//   KUBECONFIG=... node bench/discovery-refresh.ts       (BENCH_REFRESH_SERVERS, default 10)
import { cluster, createNamespace, deleteNamespace, MCP_LABEL, startExamplePods } from './lib.ts'
import { serveDiscoveryManager } from './discovery-manager.ts'
import { mcpPost } from '@mcp-lifecycle/activator/testing'
import { envInt, log, percentile, round, sleep, table } from './stats.ts'
import { KWOK_POD_SPEC } from '@mcp-lifecycle/k8s-adapter/testing'

const SERVERS = envInt('BENCH_REFRESH_SERVERS', 10)
const META = {
  'io.modelcontextprotocol/protocolVersion': '2026-07-28',
  'io.modelcontextprotocol/clientCapabilities': {},
}

function post(url: string, method: string, params: object, extra: Record<string, string> = {}) {
  const message = { jsonrpc: '2.0', id: 1, method, params: { _meta: META, ...params } }
  const headers = { 'mcp-protocol-version': '2026-07-28', 'mcp-method': method, ...extra }
  return fetch(url, mcpPost(message, headers))
}

function manifest(name: string) {
  const template = { labels: { app: name, 'bench-refresh': 'true' } }
  return {
    metadata: { name, labels: { ...MCP_LABEL, app: name } },
    spec: {
      replicas: 0,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: template,
        spec: KWOK_POD_SPEC,
      },
    },
  }
}

async function main() {
  const c = cluster()
  const namespace = await createNamespace(c, 'bench-refresh')
  let wakes = 0
  let errors = 0
  const manager = await serveDiscoveryManager(c, namespace, {
    onWake: () => void wakes++,
    onDiscoveryError: (name, error) => (errors++, log(`${name}: ${String(error)}`)),
  })
  const { adapter, activator, backend } = manager
  const harness = await startExamplePods(c, namespace, 'bench-refresh=true', 'both')
  const names = Array.from({ length: SERVERS }, (_, i) => `refresh-${i}`)
  const call: number[] = []
  const kept: number[] = []
  const held: number[] = []
  let answeredAsleep = 0
  try {
    for (const name of names)
      await c.apps.createNamespacedDeployment({ namespace, body: manifest(name) })
    for (const name of names) {
      const url = `${manager.url}/servers/${name}/mcp`
      const t0 = performance.now()
      const echo = await post(
        url,
        'tools/call',
        { name: 'echo', arguments: { text: 'hi' } },
        {
          'mcp-name': 'echo',
        }
      )
      await echo.text()
      const t1 = performance.now()
      call.push(t1 - t0)
      const has = async () =>
        (await adapter.discovery.read(name))?.answers.some((a) => a.method === 'tools/list')
      while (!(await has())) await sleep(20)
      kept.push(performance.now() - t1)
      let began = 0
      const t2 = performance.now()
      await activator.whileStopping(name, async () => {
        began = performance.now()
        await backend.scale(name, 0)
        return true
      })
      held.push(began - t2)
      // Asleep once its pod is gone (as a client would find it later).
      const pods = () => c.core.listNamespacedPod({ namespace, labelSelector: `app=${name}` })
      while ((await pods()).items.length > 0) await sleep(100)
      while ((await backend.getServer(name)).deployment.readyReplicas > 0) await sleep(50)
      const before = wakes
      const list = await post(url, 'tools/list', {})
      if (list.status === 200 && (await list.text()).includes('echo') && wakes === before)
        answeredAsleep++
    }
    console.log(
      table(`The manager's own discovery of ${SERVERS} servers (ms)`, [
        ['step', 'p50', 'p95'],
        ['tools/call incl. wake', round(percentile(call, 50)), round(percentile(call, 95))],
        ['answer -> lists in the store', round(percentile(kept, 50)), round(percentile(kept, 95))],
        ['idle stop held by the refresh', round(percentile(held, 50)), round(percentile(held, 95))],
      ])
    )
    console.log(`tools/list answered asleep afterwards: ${answeredAsleep}/${SERVERS}`)
    console.log(`wakes: ${wakes}, discovery store errors: ${errors}`)
  } finally {
    await manager.close()
    await harness.stop()
    await deleteNamespace(c, namespace)
  }
}

await main()
