import type { Principal } from '@mcp-lifecycle/core'
import { livePodNames } from '@mcp-lifecycle/k8s-adapter/cluster-fixtures'
import type { Client as ClientV2 } from '@modelcontextprotocol/client'
import { describe, expect, it } from 'vitest'
import { serverReads, bearerTokens, WRITER, READER, KEPT_2026 } from './proxy-manager-fixture.ts'
import { useDiscoveryScene } from './proxy-scene-fixture.ts'
import { connectPinnedV2, listEverything } from './connect-mcp-client.ts'

// Issue 30: discovery while asleep, 2026-07-28. The composed manager with the ConfigMap
// discovery store, real example server processes per kwok pod (`--mode both`, public cache
// hints), and the real v2 client pinned to 2026-07-28.
const ELSEWHERE: Principal = { id: 'elsewhere', scope: 'write', servers: 'other-*' }
const NAME = 'sleeper'

/** What the metrics count: wakes, and answers without one. */
const wakes: string[] = []
const answeredAsleep: string[] = []

const served = useDiscoveryScene(
  'discovery-asleep',
  { deployment: { name: NAME, replicas: 0 }, mode: 'both' },
  bearerTokens(WRITER, READER, ELSEWHERE),
  {
    onWake: (name) => void wakes.push(name),
    onAnsweredAsleep: (_, era) => void answeredAsleep.push(era),
  }
)

const connect = (token = 'writer-token') =>
  connectPinnedV2(`${served().manager.base}/servers/${NAME}/mcp`, token)

/** What an agent does at start: connect, then list everything. */
const discover = (client: ClientV2) => listEverything(client)

const { replicas, sleep, kept } = serverReads(served, NAME)

describe('discovery of a sleeping server, 2026-07-28', () => {
  let awake: Awaited<ReturnType<typeof discover>>

  it('keeps the answers relayed while the server is awake', async () => {
    const client = await connect()
    try {
      awake = await discover(client)
    } finally {
      await client.close()
    }
    expect(await replicas()).toBe(1)
    expect(awake.tools.tools.map((t) => t.name)).toEqual(['whoami', 'echo', 'slow_count'])
    expect(awake.prompts.prompts.map((p) => p.name)).toEqual(['greet'])
    await expect.poll(kept, { timeout: 10_000 }).toEqual(KEPT_2026)
  })

  it('answers connect and every list while asleep, as the server did, without waking it', async () => {
    await sleep()
    const woken = wakes.length
    for (const token of ['writer-token', 'reader-token']) {
      const client = await connect(token)
      try {
        expect(await discover(client)).toEqual(awake)
      } finally {
        await client.close()
      }
    }
    expect(await replicas()).toBe(0)
    expect(await livePodNames(served().access, NAME)).toEqual([])
    expect(wakes.length).toBe(woken)
    // Per client: server/discover and the four lists.
    expect(answeredAsleep.filter((era) => era === 'modern')).toHaveLength(10)
  })

  it('checks access first: a caller without access to the server gets nothing kept', async () => {
    await expect(connect('elsewhere-token')).rejects.toThrow()
    expect(await replicas()).toBe(0)
  })

  it('wakes the server for a tools/call in the same client, which succeeds', async () => {
    const client = await connect()
    try {
      await discover(client)
      expect(await replicas()).toBe(0)
      const woken = wakes.length
      const echoed = await client.callTool({ name: 'echo', arguments: { text: 'hi' } })
      expect(echoed.content).toEqual([{ type: 'text', text: 'hi' }])
      expect(await replicas()).toBe(1)
      expect(wakes.slice(woken)).toEqual([NAME])
    } finally {
      await client.close()
    }
  })

  it('never answers from lists kept under another pod template', async () => {
    await sleep()
    const { access } = served()
    await access.apps.patchNamespacedDeployment({
      name: NAME,
      namespace: access.namespace,
      body: [
        {
          op: 'add',
          path: '/spec/template/spec/containers/0/env',
          value: [{ name: 'VERSION', value: '2' }],
        },
      ],
    })
    const client = await connect()
    try {
      expect((await client.listTools()).tools.map((t) => t.name)).toContain('echo')
    } finally {
      await client.close()
    }
    expect(await replicas()).toBe(1)
  })
})
