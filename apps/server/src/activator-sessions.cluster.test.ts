import { createActivator, createSessionCodec, type Activator } from '@mcp-lifecycle/activator'
import { mcpPost } from '@mcp-lifecycle/activator/testing'
import type { Principal } from '@mcp-lifecycle/core'
import { createK8sBackend, createK8sServerPods } from '@mcp-lifecycle/k8s-adapter'
import { createDeployment, type ClusterAccess } from '@mcp-lifecycle/k8s-adapter/cluster-fixtures'
import type { PodProcesses } from '@mcp-lifecycle/k8s-adapter/pod-processes'
import { TestScene } from '@mcp-lifecycle/k8s-adapter/test-scene'
import { Client } from '@modelcontextprotocol/sdk/client/index.js'
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js'
import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { serveOnLoopback } from './proxy-manager-fixture.ts'
import { createServerApp } from './create-server-app.ts'

// 2025 sessions pinned to their pod without a shared store, end to end: several composed
// manager apps (each its own backend, pod watch and activator, one MCPL_SESSION_SECRET) on
// 127.0.0.1, a real example MCP server process per pod, and the MCP SDK client whose requests
// are spread over the managers by its fetch.
const SECRET = randomBytes(32).toString('base64url')
const WRITER: Principal = { id: 'writer', scope: 'write' }

const scene = new TestScene()
let access: ClusterAccess
let soloPods: PodProcesses
const managers = new Set<Manager>()

interface Manager {
  url: string
  activator: Activator
  close(): Promise<void>
}

/** One manager replica: what apps/server/src/main.ts composes, on a port of its own. */
async function startManager(secret = SECRET): Promise<Manager> {
  const options = { kubeConfig: access.kubeConfig, namespace: access.namespace }
  const deps = { backend: createK8sBackend(options), authenticator: async () => WRITER }
  const activator = createActivator(deps, {
    pods: createK8sServerPods(options),
    sessionSecrets: [secret],
  })
  const { server, base } = await serveOnLoopback(createServerApp(deps, undefined, activator))
  const manager: Manager = {
    url: base,
    activator,
    async close() {
      managers.delete(manager)
      activator.close()
      const http = server as unknown as { closeAllConnections(): void }
      http.closeAllConnections()
      await new Promise((resolve) => server.close(resolve))
    },
  }
  managers.add(manager)
  return manager
}

beforeAll(async () => {
  access = await scene.namespace('sessions')
  await Promise.all([
    createDeployment(access, { name: 'trio', replicas: 2 }),
    createDeployment(access, { name: 'solo', replicas: 1 }),
  ])
  await scene.examplePods(access, 'app=trio', 'stateful')
  soloPods = await scene.examplePods(access, 'app=solo', 'stateless')
  // Managers a test left running close first, before the pods' processes stop.
  scene.defer(() => Promise.all([...managers].map((m) => m.close())))
})

afterAll(() => scene.close())

/**
 * An SDK client of `/servers/{name}/mcp` whose every request goes to the next of `replicas()`
 * in turn (the list may change between requests: a restarted manager).
 */
async function connectSpread(name: string, replicas: () => readonly Manager[]) {
  const used = new Map<string, number>()
  let turn = 0
  const client = new Client({ name: 'sessions-cluster-tests', version: '0' })
  const transport = new StreamableHTTPClientTransport(
    new URL(`http://manager.invalid/servers/${name}/mcp`),
    {
      fetch: (url, init) => {
        const all = replicas()
        const target = all[turn++ % all.length]!
        const rewritten = new URL(url)
        rewritten.host = new URL(target.url).host
        used.set(target.url, (used.get(target.url) ?? 0) + 1)
        return fetch(rewritten, init)
      },
    }
  )
  await client.connect(transport)
  const whoami = async () =>
    (await client.callTool({ name: 'whoami' })).structuredContent as { pod: string }
  return { client, transport, whoami, used }
}

const pinnedCall = (url: string, session: string) =>
  fetch(
    url,
    mcpPost(
      { jsonrpc: '2.0', id: 7, method: 'tools/call', params: { name: 'whoami', arguments: {} } },
      { 'mcp-session-id': session, 'mcp-protocol-version': '2025-11-25' }
    )
  )

async function podsOf(app: string) {
  const list = await access.core.listNamespacedPod({
    namespace: access.namespace,
    labelSelector: `app=${app}`,
  })
  return list.items.filter((p) => !p.metadata?.deletionTimestamp)
}

describe('2025 sessions on their pod across manager replicas', () => {
  it('keeps every session on the pod that created it across 3 replicas and a restart of all of them', async () => {
    let replicas = await Promise.all([startManager(), startManager(), startManager()])
    // Each replica counts only its own requests in flight, so sessions made on different
    // replicas may all pick the first pod: make them on one (its open GET streams weigh) until
    // both pods have one, then spread.
    let spread = false
    const sessions: Awaited<ReturnType<typeof connectSpread>>[] = []
    const created: string[] = []
    try {
      while (sessions.length < 4 || new Set(created).size < 2) {
        if (sessions.length >= 8) throw new Error(`sessions all on ${created[0]}`)
        const session = await connectSpread('trio', () =>
          spread ? replicas : replicas.slice(0, 1)
        )
        sessions.push(session)
        created.push((await session.whoami()).pod)
      }
      spread = true
      for (let round = 0; round < 3; round++) {
        for (const [n, s] of sessions.entries()) expect((await s.whoami()).pod).toBe(created[n])
      }
      for (const s of sessions) {
        // Spread for real: each session's requests reached all three replicas.
        expect(replicas.map((r) => s.used.get(r.url) ?? 0).every((count) => count > 0)).toBe(true)
      }

      // A restart: new app instances (new watches, nothing remembered) with the same secret.
      await Promise.all(replicas.map((r) => r.close()))
      replicas = await Promise.all([startManager(), startManager(), startManager()])
      for (let round = 0; round < 3; round++) {
        for (const [n, s] of sessions.entries()) expect((await s.whoami()).pod).toBe(created[n])
      }
      for (const s of sessions) {
        expect(replicas.every((r) => (s.used.get(r.url) ?? 0) > 0)).toBe(true)
      }
    } finally {
      await Promise.all(sessions.map((s) => s.client.close()))
      await Promise.all(replicas.map((r) => r.close()))
    }
  })

  it('does not route a session signed with another secret (404, nothing forwarded)', async () => {
    const [ours, theirs] = await Promise.all([startManager(), startManager('x'.repeat(32))])
    const session = await connectSpread('trio', () => [ours])
    try {
      await session.whoami()
      const id = session.transport.sessionId!
      expect((await pinnedCall(`${ours.url}/servers/trio/mcp`, id)).status).toBe(200)
      const res = await pinnedCall(`${theirs.url}/servers/trio/mcp`, id)
      expect(res.status).toBe(404)
      expect(await res.json()).toMatchObject({ error: { code: -32001 } })
    } finally {
      await session.client.close()
      await Promise.all([ours.close(), theirs.close()])
    }
  })
})

describe('a pinned pod that is gone', () => {
  it('is answered 404 by the manager itself, never by another pod', async () => {
    // solo is stateless: any of its pods answers 200 to any session id, so a 404 can only
    // come from the manager. A session id for its pod, as the manager would have wrapped it.
    const manager = await startManager()
    try {
      const [pod] = await podsOf('solo')
      const uid = pod!.metadata!.uid!
      const id = createSessionCodec([SECRET]).wrap({
        server: 'solo',
        podUid: uid,
        principal: WRITER.id,
        session: 'made-up-session',
      })
      const url = `${manager.url}/servers/solo/mcp`
      const before = await pinnedCall(url, id)
      expect(before.status).toBe(200)
      expect(await before.text()).toContain(pod!.metadata!.name!)

      await access.core.deleteNamespacedPod({
        name: pod!.metadata!.name!,
        namespace: access.namespace,
      })
      // Until the replacement is Ready and its process listens (it may get the same IP).
      const deadline = Date.now() + 30_000
      let replacement: string | undefined
      while (!replacement && Date.now() < deadline) {
        const pods = await podsOf('solo')
        const fresh = pods.find((p) => p.metadata?.uid !== uid && p.status?.podIP)
        const gone = !pods.some((p) => p.metadata?.uid === uid)
        if (fresh && gone) replacement = fresh.metadata!.name!
        else await new Promise((resolve) => setTimeout(resolve, 100))
      }
      expect(replacement).toBeDefined()
      await soloPods.listening(replacement!)

      const started = Date.now()
      const after = await pinnedCall(url, id)
      expect(after.status).toBe(404)
      expect(await after.json()).toEqual({
        jsonrpc: '2.0',
        error: { code: -32001, message: 'Session not found' },
        id: null,
      })
      expect(Date.now() - started).toBeLessThan(2000)
      // The replacement serves requests without a session.
      const fresh = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/json, text/event-stream',
        },
        body: JSON.stringify({
          jsonrpc: '2.0',
          id: 1,
          method: 'tools/call',
          params: { name: 'whoami', arguments: {} },
        }),
      })
      expect(fresh.status).toBe(200)
      expect(await fresh.text()).toContain(replacement!)
    } finally {
      await manager.close()
    }
  })

  it('ends an SDK client session whose pod was deleted with 404', async () => {
    const manager = await startManager()
    const session = await connectSpread('trio', () => [manager])
    try {
      const { pod } = await session.whoami()
      await access.core.deleteNamespacedPod({ name: pod, namespace: access.namespace })
      const deadline = Date.now() + 30_000
      while ((await podsOf('trio')).some((p) => p.metadata?.name === pod)) {
        if (Date.now() > deadline) throw new Error(`pod ${pod} not gone within 30 s`)
        await new Promise((resolve) => setTimeout(resolve, 100))
      }
      const res = await pinnedCall(`${manager.url}/servers/trio/mcp`, session.transport.sessionId!)
      expect(res.status).toBe(404)
      expect(await res.json()).toMatchObject({ error: { code: -32001 } })
    } finally {
      await session.client.close().catch(() => {})
      await manager.close()
    }
  })
})
