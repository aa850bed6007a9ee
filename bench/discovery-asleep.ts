// Discovery while asleep (issue 30): an agent with N sleeping servers connects to each and lists
// tools, prompts and resources, with the v1 client and the v2 client (auto, and pinned to
// 2026-07-28). Real example server processes per kwok pod (`--mode both`), the manager as
// apps/server composes it with the ConfigMap discovery store, all on loopback. Prints servers
// woken, connect+lists per server (p50, p95), whether the lists deep-equal the server's own,
// then a tools/call that must wake exactly one server, and a server whose image changed.
//   KUBECONFIG=... node bench/discovery-asleep.ts        (BENCH_DISCOVERY_SERVERS, default 20)
import { isDeepStrictEqual } from 'node:util'
import {
  Client as ClientV2,
  StreamableHTTPClientTransport as TransportV2,
} from '@modelcontextprotocol/client'
import { Client as ClientV1 } from '@modelcontextprotocol/sdk/client/index.js'
import { StreamableHTTPClientTransport as TransportV1 } from '@modelcontextprotocol/sdk/client/streamableHttp.js'
import {
  cluster,
  type Cluster,
  createNamespace,
  deleteNamespace,
  MCP_LABEL,
  startExamplePods,
} from './lib.ts'
import { serveDiscoveryManager } from './discovery-manager.ts'
import { envInt, log, percentile, round, sleep, table } from './stats.ts'
import { KWOK_POD_SPEC } from '@mcp-lifecycle/k8s-adapter/testing'
import { READY_WHEN_LISTENING } from './scale-to-zero-lib.ts'

const SERVERS = envInt('BENCH_DISCOVERY_SERVERS', 20)
const INFO = { name: 'bench-discovery', version: '0' }

type Kind = 'v1' | 'v2 auto' | 'v2 pinned 2026-07-28'
const KINDS: Kind[] = ['v1', 'v2 auto', 'v2 pinned 2026-07-28']

interface Agent {
  lists(): Promise<unknown>
  echo(text: string): Promise<unknown>
  close(): Promise<void>
}

async function connect(kind: Kind, url: URL): Promise<Agent> {
  if (kind === 'v1') {
    const client = new ClientV1(INFO)
    await client.connect(new TransportV1(url))
    return agentOf(client)
  }
  const mode = kind === 'v2 auto' ? 'auto' : { pin: '2026-07-28' }
  const client = new ClientV2(INFO, { versionNegotiation: { mode } })
  await client.connect(new TransportV2(url))
  return agentOf(client)
}

/** The calls both SDK lines share. */
function agentOf(client: ClientV1 | ClientV2): Agent {
  const c = client as ClientV1
  return {
    lists: async () => ({
      tools: await c.listTools(),
      prompts: await c.listPrompts(),
      resources: await c.listResources(),
      templates: await c.listResourceTemplates(),
    }),
    echo: (text) => c.callTool({ name: 'echo', arguments: { text } }),
    close: () => c.close(),
  }
}

function manifest(name: string) {
  return {
    metadata: {
      name,
      labels: { ...MCP_LABEL, app: name },
      // 2025 answers carry no caching hints: the server opts in.
      annotations: { 'mcp-lifecycle/discovery': 'cached' },
    },
    spec: {
      replicas: 0,
      selector: { matchLabels: { app: name } },
      template: {
        // Ready when its process listens, as a readiness probe makes it on a real node.
        metadata: {
          labels: { app: name, 'bench-discovery': 'true' },
          annotations: READY_WHEN_LISTENING,
        },
        spec: KWOK_POD_SPEC,
      },
    },
  }
}

async function replicasUp(c: Cluster, namespace: string): Promise<string[]> {
  const list = await c.apps.listNamespacedDeployment({ namespace })
  return list.items.filter((d) => (d.spec?.replicas ?? 0) > 0).map((d) => d.metadata!.name!)
}

async function sleepAll(c: Cluster, namespace: string, names: string[]) {
  for (const name of names) {
    await c.apps.patchNamespacedDeploymentScale({
      name,
      namespace,
      body: [{ op: 'replace', path: '/spec/replicas', value: 0 }],
    })
  }
  for (;;) {
    const pods = await c.core.listNamespacedPod({
      namespace,
      labelSelector: 'bench-discovery=true',
    })
    if (pods.items.length === 0) return
    await sleep(200)
  }
}

async function main() {
  const c = cluster()
  const namespace = await createNamespace(c, 'bench-discovery')
  const names = Array.from({ length: SERVERS }, (_, i) => `disc-${i}`)
  let storeErrors = 0
  const manager = await serveDiscoveryManager(c, namespace, {
    onDiscoveryError: (name, error) => {
      storeErrors++
      log(`discovery store error (${name}): ${String(error)}`)
    },
  })
  const harness = await startExamplePods(c, namespace, 'bench-discovery=true', 'both')
  const url = (name: string) => new URL(`${manager.url}/servers/${name}/mcp`)
  try {
    for (const name of names)
      await c.apps.createNamespacedDeployment({ namespace, body: manifest(name) })
    log(`discovery-asleep: waking ${SERVERS} servers once, each kind of client lists (kept)`)
    const own = new Map<string, unknown>()
    for (const name of names) {
      for (const kind of KINDS) {
        const agent = await connect(kind, url(name))
        own.set(`${kind} ${name}`, await agent.lists())
        await agent.close()
      }
    }
    // Baseline on this machine: the same client and lists straight at a running pod, no manager.
    const baseline = new Map<Kind, number>()
    const awake = [...harness.processes().values()][0]!
    for (const kind of KINDS) {
      const times: number[] = []
      for (let i = 0; i < SERVERS; i++) {
        const t0 = performance.now()
        const agent = await connect(kind, new URL(awake.url))
        await agent.lists()
        times.push(performance.now() - t0)
        await agent.close()
      }
      baseline.set(kind, percentile(times, 50))
    }
    await sleep(1500) // the keeper writes in the background
    await sleepAll(c, namespace, names)
    log('discovery-asleep: all asleep; the agent connects to each and lists everything')
    const rows: (string | number)[][] = []
    for (const kind of KINDS) {
      const times: number[] = []
      let equal = 0
      for (const name of names) {
        const t0 = performance.now()
        const agent = await connect(kind, url(name))
        const lists = await agent.lists()
        times.push(performance.now() - t0)
        await agent.close()
        if (isDeepStrictEqual(lists, own.get(`${kind} ${name}`))) equal++
      }
      const woken = (await replicasUp(c, namespace)).length
      rows.push([
        kind,
        round(baseline.get(kind)!),
        woken,
        round(percentile(times, 50)),
        round(percentile(times, 95)),
        `${equal}/${SERVERS}`,
      ])
    }
    console.log(
      table(`Discovery of ${SERVERS} sleeping servers (connect + 4 lists per server, ms)`, [
        ['client', 'awake pod direct p50', 'servers woken', 'p50', 'p95', 'lists deep-equal'],
        ...rows,
      ])
    )
    const after: (string | number)[][] = []
    for (const [i, kind] of KINDS.entries()) {
      const name = names[i]!
      const agent = await connect(kind, url(name))
      await agent.lists()
      const t0 = performance.now()
      const answer = (await agent.echo('hi')) as { content?: { text?: string }[] }
      const ms = performance.now() - t0
      await agent.close()
      const up = await replicasUp(c, namespace)
      after.push([
        kind,
        name,
        answer.content?.[0]?.text === 'hi' ? 'yes' : 'no',
        up.join(' '),
        round(ms),
      ])
      await sleepAll(c, namespace, names)
    }
    console.log(
      table('A tools/call in the same session after discovery while asleep', [
        ['client', 'server', 'call succeeded', 'servers up after', 'call incl. wake (ms)'],
        ...after,
      ])
    )
    // One server per kind (a server woken twice in a row meets the harness's IP reuse).
    const stale: (string | number)[][] = []
    for (const [i, kind] of KINDS.entries()) {
      const changed = names[SERVERS - 1 - i]!
      const image = { op: 'replace', path: '/spec/template/spec/containers/0/image', value: 'x:2' }
      await c.apps.patchNamespacedDeployment({ name: changed, namespace, body: [image] })
      const agent = await connect(kind, url(changed))
      await agent.lists()
      await agent.close()
      const up = await replicasUp(c, namespace)
      stale.push([kind, changed, up.includes(changed) ? 'no (it woke)' : 'YES: served old lists'])
      await sleepAll(c, namespace, names)
    }
    console.log(
      table('A sleeping server after an image change', [
        ['client', 'server', 'answered from the old lists'],
        ...stale,
      ])
    )
    console.log(`discovery store errors: ${storeErrors}`)
  } finally {
    await manager.close()
    await harness.stop()
    await deleteNamespace(c, namespace)
  }
}

await main()
