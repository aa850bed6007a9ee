import type { Principal } from '@mcp-lifecycle/core'
import {
  createDeployment,
  createTestNamespace,
  livePodNames,
  replicasOf,
  type ClusterAccess,
} from '@mcp-lifecycle/k8s-adapter/cluster-fixtures'
import { createK8sAdapter } from '@mcp-lifecycle/k8s-adapter'
import { startPodProcesses, type PodProcesses } from '@mcp-lifecycle/k8s-adapter/pod-processes'
import {
  Client as ClientV2,
  StreamableHTTPClientTransport as HttpTransportV2,
} from '@modelcontextprotocol/client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  putToSleep,
  serveProxyManager,
  tokenAuthenticator,
  type ProxyManager,
} from './proxy-manager-fixture.ts'

// Issue 30: discovery while asleep, 2026-07-28. The composed manager with the ConfigMap
// discovery store, real example server processes per kwok pod (`--mode both`, public cache
// hints), and the real v2 client pinned to 2026-07-28.
const TOKENS: Record<string, Principal> = {
  'Bearer writer-token': { id: 'writer', scope: 'write' },
  'Bearer reader-token': { id: 'reader', scope: 'read' },
  'Bearer elsewhere-token': { id: 'elsewhere', scope: 'write', servers: 'other-*' },
}
const NAME = 'sleeper'

let access: ClusterAccess
let harness: PodProcesses | undefined
let manager: ProxyManager | undefined
/** What the metrics count: wakes, and answers without one. */
const wakes: string[] = []
const answeredAsleep: string[] = []

beforeAll(async () => {
  access = await createTestNamespace('discovery-asleep')
  await createDeployment(access, { name: NAME, replicas: 0 })
  harness = await startPodProcesses({
    kubeConfig: access.kubeConfig,
    namespace: access.namespace,
    labelSelector: `app=${NAME}`,
    port: 8080,
    args: ['--mode', 'both'],
  })
  const adapter = createK8sAdapter({ kubeConfig: access.kubeConfig, namespace: access.namespace })
  manager = await serveProxyManager(access, tokenAuthenticator(TOKENS), {
    discovery: adapter.discovery,
    onWake: (name) => void wakes.push(name),
    onAnsweredAsleep: (_, era) => void answeredAsleep.push(era),
  })
})

afterAll(async () => {
  manager?.close()
  try {
    await harness?.stop()
  } finally {
    await access?.core.deleteNamespace({ name: access.namespace })
  }
})

async function connect(token = 'writer-token') {
  const client = new ClientV2(
    { name: 'discovery-asleep-tests', version: '0' },
    { versionNegotiation: { mode: { pin: '2026-07-28' } } }
  )
  const url = new URL(`${manager!.base}/servers/${NAME}/mcp`)
  await client.connect(
    new HttpTransportV2(url, { requestInit: { headers: { authorization: `Bearer ${token}` } } })
  )
  return client
}

/** What an agent does at start: connect, then list everything. */
async function discover(client: ClientV2) {
  return {
    tools: await client.listTools(),
    prompts: await client.listPrompts(),
    resources: await client.listResources(),
    templates: await client.listResourceTemplates(),
  }
}

const replicas = () => replicasOf(access, NAME)
const sleep = () => putToSleep(access, manager!, NAME)

const kept = () =>
  createK8sAdapter({ kubeConfig: access.kubeConfig, namespace: access.namespace }).discovery.read(
    NAME
  )

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
    await expect
      .poll(async () => (await kept())?.answers.map((a) => a.method).sort(), { timeout: 10_000 })
      .toEqual([
        'prompts/list',
        'resources/list',
        'resources/templates/list',
        'server/discover',
        'tools/list',
      ])
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
    expect(await livePodNames(access, NAME)).toEqual([])
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
