import type { Principal } from '@mcp-lifecycle/core'
import { livePodNames } from '@mcp-lifecycle/k8s-adapter/cluster-fixtures'
import { Client } from '@modelcontextprotocol/sdk/client/index.js'
import { describe, expect, it } from 'vitest'
import { serverReads, bearerTokens, WRITER } from './proxy-manager-fixture.ts'
import { useDiscoveryScene } from './proxy-scene-fixture.ts'
import { connectV1, listEverything } from './connect-mcp-client.ts'

// Issue 30, point 3: 2025-11-25 sessions without a wake. The composed manager with the ConfigMap
// discovery store, real example servers with 2025 sessions (`--mode stateful`) per kwok pod,
// the real v1 client. The server opts in (2025 answers carry no caching hints).
const OTHER: Principal = { id: 'other', scope: 'write' }
const NAME = 'legacy'
const CACHED = { 'mcp-lifecycle/discovery': 'cached' }

const served = useDiscoveryScene(
  'discovery-sessions',
  { deployment: { name: NAME, replicas: 0, annotations: CACHED }, mode: 'stateful' },
  bearerTokens(WRITER, OTHER)
)

const url = () => new URL(`${served().manager.base}/servers/${NAME}/mcp`)

const connect = () => connectV1(url(), 'writer-token')

async function discover(client: Client) {
  return {
    server: client.getServerVersion(),
    capabilities: client.getServerCapabilities(),
    instructions: client.getInstructions(),
    ...(await listEverything(client)),
  }
}

const { replicas, sleep, kept } = serverReads(served, NAME)

describe('2025-11-25 sessions of a sleeping server', () => {
  let awake: Awaited<ReturnType<typeof discover>>

  it('keeps initialize and the lists relayed while the server is awake', async () => {
    const { client } = await connect()
    try {
      awake = await discover(client)
    } finally {
      await client.close()
    }
    await expect
      .poll(kept, { timeout: 10_000 })
      .toEqual([
        'initialize',
        'prompts/list',
        'resources/list',
        'resources/templates/list',
        'tools/list',
      ])
  })

  it('opens a session and answers every list while asleep, as the server did, without waking it', async () => {
    await sleep()
    const { client, transport } = await connect()
    try {
      expect(transport.sessionId).toMatch(/^m1\./)
      expect(await discover(client)).toEqual(awake)
      expect(await replicas()).toBe(0)
    } finally {
      await client.close()
    }
  })

  it('binds the session only to its caller and server', async () => {
    const { client, transport } = await connect()
    try {
      const asOther = await fetch(url(), {
        method: 'POST',
        headers: {
          authorization: 'Bearer other-token',
          'content-type': 'application/json',
          accept: 'application/json, text/event-stream',
          'mcp-session-id': transport.sessionId!,
          'mcp-protocol-version': '2025-11-25',
        },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list', params: {} }),
      })
      expect(asOther.status).toBe(404)
      expect(await replicas()).toBe(0)
    } finally {
      await client.close()
    }
  })

  it('wakes the server at the first tools/call and serves it in the same session', async () => {
    const { client } = await connect()
    try {
      await discover(client)
      expect(await replicas()).toBe(0)
      const echoed = await client.callTool({ name: 'echo', arguments: { text: 'hi' } })
      expect(echoed.content).toEqual([{ type: 'text', text: 'hi' }])
      expect(await replicas()).toBe(1)
      // The session now lives on the pod: a tool that needs it answers from there.
      const me = await client.callTool({ name: 'whoami' })
      expect(me.structuredContent).toMatchObject({ mode: 'stateful' })
      expect((await client.listTools()).tools).toEqual(awake.tools.tools)
    } finally {
      await client.close()
    }
  })

  it('answers 404 once the pod under the session restarted', async () => {
    const { client } = await connect()
    try {
      await client.callTool({ name: 'echo', arguments: { text: 'bind' } })
      const { access } = served()
      const [pod] = await livePodNames(access, NAME)
      await access.core.deleteNamespacedPod({
        name: pod!,
        namespace: access.namespace,
        gracePeriodSeconds: 0,
      })
      await expect
        .poll(async () => (await livePodNames(access, NAME)).filter((p) => p !== pod).length, {
          timeout: 60_000,
        })
        .toBe(1)
      await expect(client.callTool({ name: 'echo', arguments: { text: 'x' } })).rejects.toThrow(
        /404|Session not found/
      )
    } finally {
      await client.close().catch(() => {})
    }
  })
})
