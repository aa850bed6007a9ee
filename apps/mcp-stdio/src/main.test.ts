import {
  Client as ClientV2,
  InMemoryTransport as InMemoryTransportV2,
  SUBSCRIPTION_ID_META_KEY,
} from '@modelcontextprotocol/client'
import { StdioClientTransport as StdioClientTransportV2 } from '@modelcontextprotocol/client/stdio'
import { Client } from '@modelcontextprotocol/sdk/client/index.js'
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js'
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js'
import { ResourceUpdatedNotificationSchema } from '@modelcontextprotocol/sdk/types.js'
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { MemoryBackend } from '@mcp-lifecycle/core/testing'
import { createTools, serveMcpStdio, type McpStdioDeps } from '@mcp-lifecycle/mcp'
import { CLIENT_MODES, connectTestClient, EXPECTED_REVISION } from '@mcp-lifecycle/mcp/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { findOldNode } from '@mcp-lifecycle/runtime/testing'

// The bin as an MCP client launches it: a plain node process (type stripping, no build) speaking
// on stdin/stdout. Its kubeconfig points at a port nothing listens on, so every Kubernetes call
// fails fast; the process must answer with tool errors, not die.
const STDIO = fileURLToPath(new URL('./main.ts', import.meta.url))
const ROOT = fileURLToPath(new URL('../../../', import.meta.url))

let dir: string
let kubeconfig: string

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'mcp-stdio-'))
  kubeconfig = join(dir, 'kubeconfig')
  writeFileSync(
    kubeconfig,
    [
      'apiVersion: v1',
      'kind: Config',
      'clusters: [{name: nowhere, cluster: {server: "https://127.0.0.1:1", insecure-skip-tls-verify: true}}]',
      'users: [{name: nobody, user: {token: not-a-token}}]',
      'contexts: [{name: nowhere, context: {cluster: nowhere, user: nobody}}]',
      'current-context: nowhere',
    ].join('\n')
  )
})

afterAll(() => rmSync(dir, { recursive: true, force: true }))

async function launch(env: Record<string, string> = {}) {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [STDIO],
    env: { KUBECONFIG: kubeconfig, ...env },
    stderr: 'pipe',
  })
  let stderr = ''
  transport.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  const client = new Client({ name: 'stdio-test', version: '0.0.0' })
  await client.connect(transport)
  return { client, stderr: () => stderr }
}

// Spawning node and loading the SDK and client-node can take seconds on a loaded machine.
// Every client agents use, each opening with its own revision: discover or initialize.
describe.each(CLIENT_MODES)('the stdio bin with the %s client', { timeout: 30_000 }, (mode) => {
  it(`speaks ${EXPECTED_REVISION[mode]}, lists the five tools and answers an unreachable cluster with a tool error`, async () => {
    const client = await connectTestClient(mode, {
      command: process.execPath,
      args: [STDIO],
      env: { KUBECONFIG: kubeconfig },
    })
    try {
      expect(client.revision()).toBe(EXPECTED_REVISION[mode])
      expect(await client.listToolNames()).toEqual([
        'list_mcp_servers',
        'get_mcp_status',
        'start_mcp',
        'stop_mcp',
        'scale_mcp',
      ])
      const result = await client.callTool('start_mcp', { name: 'weather' })
      expect(result.isError).toBe(true)
      expect(result.content[0]?.text).toContain('the manager cannot reach its cluster')
    } finally {
      await client.close()
    }
  })
})

describe('the stdio bin', { timeout: 30_000 }, () => {
  it('initializes, lists the five tools and answers an unreachable cluster with a tool error', async () => {
    const { client, stderr } = await launch()
    try {
      expect(client.getServerVersion()).toMatchObject({ name: 'mcp-lifecycle' })
      const { tools } = await client.listTools()
      expect(tools.map((t) => t.name)).toEqual([
        'list_mcp_servers',
        'get_mcp_status',
        'start_mcp',
        'stop_mcp',
        'scale_mcp',
      ])
      const result = (await client.callTool({
        name: 'list_mcp_servers',
        arguments: {},
      })) as CallToolResult
      expect(result.isError).toBe(true)
      expect(result.content[0]).toMatchObject({
        type: 'text',
        text: expect.stringContaining('Kubernetes unavailable'),
      })
      expect(result.content[0]).toMatchObject({
        text: expect.stringContaining('the manager cannot reach its cluster'),
      })
      // Still alive and still speaking the protocol after the failure.
      const bad = (await client.callTool({
        name: 'scale_mcp',
        arguments: { name: 'x', replicas: '2' },
      })) as CallToolResult
      expect(bad.isError).toBe(true)
      expect(stderr()).toContain('listening on stdio')
    } finally {
      await client.close()
    }
  })

  it('refuses a bad configuration on stderr and exits 1, writing nothing on stdout', () => {
    const run = spawnSync(process.execPath, [STDIO], {
      env: { PATH: process.env.PATH, KUBECONFIG: kubeconfig, MCPL_MAX_REPLICAS: 'many' },
      input: '',
      encoding: 'utf8',
      timeout: 30_000,
    })
    expect(run.status).toBe(1)
    expect(run.stdout).toBe('')
    expect(run.stderr).toContain('MCPL_MAX_REPLICAS must be a whole number')
  })

  // Issue 31: no cluster-wide cache here to find the namespaces holding servers.
  it.each([
    ['*', "MCPL_NAMESPACES='*' is not supported by the stdio MCP bin"],
    ['team-a,team-b', "MCPL_NAMESPACES must include the default namespace 'mcp'"],
  ])('refuses MCPL_NAMESPACES=%s at start-up, naming the setting', (namespaces, message) => {
    const run = spawnSync(process.execPath, [STDIO], {
      env: {
        PATH: process.env.PATH,
        KUBECONFIG: kubeconfig,
        MCPL_NAMESPACE: 'mcp',
        MCPL_NAMESPACES: namespaces,
      },
      input: '',
      encoding: 'utf8',
      timeout: 30_000,
    })
    expect(run.status).toBe(1)
    expect(run.stdout).toBe('')
    expect(run.stderr).toContain(message)
  })
})

/** The machine's Node when it cannot run TypeScript itself: the case the bin must handle. */
const oldNode = findOldNode()

interface ClientEntry {
  command: string
  args: string[]
  env?: Record<string, string>
}

/** The stdio entries (with a `command`) of the MCP client configurations a README shows. */
function readmeEntries(readme: string): [string, ClientEntry][] {
  const text = readFileSync(join(ROOT, readme), 'utf8')
  const blocks = [...text.matchAll(/```json\n([\s\S]*?)```/g)].map((m) => JSON.parse(m[1]!))
  return blocks.flatMap((block: { mcpServers?: Record<string, ClientEntry> }) =>
    Object.entries(block.mcpServers ?? {})
      .filter(([, entry]) => entry.command)
      .map(([name, entry]): [string, ClientEntry] => [`${readme}: ${name}`, entry])
  )
}

// As an MCP client starts it from a README's configuration, pasted as printed (the checkout's
// path filled in), when the first `node` on the client's PATH is the machine's own, which may be
// too old to run TypeScript (20).
describe('the stdio bin as the READMEs configure it', { timeout: 60_000 }, () => {
  const entries = [...readmeEntries('README.md'), ...readmeEntries('apps/mcp-stdio/README.md')]

  it('is shown in both READMEs', () => {
    expect(entries.map(([where]) => where.split(':')[0])).toEqual([
      'README.md',
      'apps/mcp-stdio/README.md',
    ])
  })

  it.each(entries)('%s answers MCP', async (_where, entry) => {
    const transport = new StdioClientTransport({
      command: entry.command,
      args: entry.args.map((arg) => arg.replace('/path/to/mcp-lifecycle/', ROOT)),
      env: {
        ...entry.env,
        PATH: `${dirname(oldNode ?? process.execPath)}:${process.env.PATH}`,
        KUBECONFIG: kubeconfig,
        ...(process.env.MCPL_CACHE && { MCPL_CACHE: process.env.MCPL_CACHE }),
      },
      stderr: 'pipe',
    })
    let stderr = ''
    transport.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    const client = new Client({ name: 'readme-test', version: '0.0.0' })
    try {
      await client.connect(transport)
      const { tools } = await client.listTools()
      expect(tools.map((t) => t.name)).toContain('start_mcp')
    } catch (error) {
      throw new Error(`${String(error)}; stderr:\n${stderr}`)
    } finally {
      await client.close()
    }
  })
})

describe('the stdio bin without a kubeconfig', () => {
  // Regression: a missing KUBECONFIG file died with a bare ENOENT, and no kubeconfig at all
  // started a server whose every call failed as "cannot be reached".
  it.each([
    ['KUBECONFIG not set', {}],
    ['KUBECONFIG naming a missing file', { KUBECONFIG: '/nonexistent/kubeconfig' }],
  ])('with %s: says where it looked and how to get one, and exits 1', (_case, env) => {
    const run = spawnSync(process.execPath, [STDIO], {
      env: { PATH: process.env.PATH, HOME: dir, ...env },
      input: '',
      encoding: 'utf8',
      timeout: 30_000,
    })
    expect(run.status).toBe(1)
    expect(run.stdout).toBe('')
    expect(run.stderr).toMatch(/^no kubeconfig found: looked at KUBECONFIG \(/)
    expect(run.stderr).toContain('eval "$(npm run --silent cluster:up)"')
  })
})

const WEATHER = 'mcp-lifecycle://servers/weather'
const SERVERS = 'mcp-lifecycle://servers'
const INFO = { name: 'stdio-test', version: '0.0.0' }

// What the bin serves (serveMcpStdio, as main.ts calls it), on an in-memory transport pair and
// the memory backend, so a server can change status under a subscription.
describe('status changes over a stdio connection', { timeout: 30_000 }, () => {
  /** Once the only watch has ended, a change sends nothing more and opens no other watch. */
  async function expectNoMoreUpdates(backend: MemoryBackend, updates: readonly unknown[]) {
    const seen = updates.length
    await backend.scale('weather', 0)
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(updates).toHaveLength(seen)
    expect(backend.calls.watch).toBe(1)
  }

  function serve(transport: McpStdioDeps['transport']) {
    const backend = new MemoryBackend([{ name: 'weather' }, { name: 'maps' }])
    const connection = serveMcpStdio({ services: { backend }, tools: createTools(), transport })
    return { backend, connection, watching: () => backend.openServerWatches }
  }

  it('2025-11-25 (v1 client): resources/subscribe, then resources/updated for that server only', async () => {
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair()
    const { backend, connection, watching } = serve(serverSide as McpStdioDeps['transport'])
    const client = new Client(INFO)
    const updates: string[] = []
    client.setNotificationHandler(ResourceUpdatedNotificationSchema, (n) => {
      updates.push(n.params.uri)
    })
    try {
      await client.connect(clientSide)
      expect(client.getServerCapabilities()?.resources).toMatchObject({ subscribe: true })
      await client.callTool({ name: 'list_mcp_servers', arguments: {} })
      expect(backend.calls.watch).toBe(0) // no subscription, no watch

      await client.subscribeResource({ uri: WEATHER })
      await expect.poll(() => backend.calls.watch).toBe(1)
      await backend.scale('maps', 1) // not subscribed to
      await backend.scale('weather', 1)
      await expect.poll(() => updates).toContain(WEATHER)
      expect(updates).not.toContain('mcp-lifecycle://servers/maps')
      expect(updates).not.toContain(SERVERS)

      // The last unsubscribe ends the watch: later changes are not sent.
      await client.unsubscribeResource({ uri: WEATHER })
      await expect.poll(watching).toBe(0)
      await expectNoMoreUpdates(backend, updates)

      await expect(client.subscribeResource({ uri: 'file:///etc/passwd' })).rejects.toThrow()
    } finally {
      await client.close()
      await connection.close()
    }
  })

  it('2026-07-28 (v2 client pinned): subscriptions/listen, then resources/updated on the stream', async () => {
    const [clientSide, serverSide] = InMemoryTransportV2.createLinkedPair()
    const { backend, connection, watching } = serve(serverSide)
    const client = new ClientV2(INFO, { versionNegotiation: { mode: { pin: '2026-07-28' } } })
    const updates: { uri: string; subscription: unknown }[] = []
    client.setNotificationHandler('notifications/resources/updated', (n) => {
      updates.push({ uri: n.params.uri, subscription: n.params._meta?.[SUBSCRIPTION_ID_META_KEY] })
    })
    try {
      await client.connect(clientSide)
      expect(client.getNegotiatedProtocolVersion()).toBe('2026-07-28')
      expect(backend.calls.watch).toBe(0)

      const subscription = await client.listen({ resourceSubscriptions: [SERVERS, WEATHER] })
      expect(subscription.honoredFilter).toEqual({ resourceSubscriptions: [SERVERS, WEATHER] })
      await expect.poll(() => backend.calls.watch).toBe(1)
      await backend.scale('weather', 1)
      // Desired 1, then ready 1: one or two changes, each the list and the server.
      await expect.poll(() => updates.slice(0, 2).map((u) => u.uri)).toEqual([SERVERS, WEATHER])
      for (const update of updates) expect(update.subscription).toBeDefined()

      // Closing the subscription (notifications/cancelled) ends the watch.
      await subscription.close()
      await expect.poll(watching).toBe(0)
      await expectNoMoreUpdates(backend, updates)

      // Closing the connection ends the watch of its open subscription.
      await client.listen({ resourceSubscriptions: [WEATHER] })
      await expect.poll(watching).toBe(1)
      await client.close()
      await expect.poll(watching).toBe(0)
    } finally {
      await client.close()
      await connection.close()
    }
  })
})

// The bin itself, on its unreachable cluster: it offers and accepts subscriptions on both eras
// (the watch fails and is retried; nothing is sent, nothing dies).
describe('the stdio bin offers status subscriptions', { timeout: 30_000 }, () => {
  it('on 2025-11-25 (v1 client): resources.subscribe, and resources/subscribe answers', async () => {
    const { client } = await launch()
    try {
      expect(client.getServerCapabilities()?.resources).toMatchObject({ subscribe: true })
      await expect(client.subscribeResource({ uri: WEATHER })).resolves.toEqual({})
      const { tools } = await client.listTools()
      expect(tools).toHaveLength(5)
    } finally {
      await client.close()
    }
  })

  it('on 2026-07-28 (v2 client pinned): subscriptions/listen is acknowledged', async () => {
    const client = new ClientV2(INFO, { versionNegotiation: { mode: { pin: '2026-07-28' } } })
    await client.connect(
      new StdioClientTransportV2({
        command: process.execPath,
        args: [STDIO],
        env: { KUBECONFIG: kubeconfig },
      })
    )
    try {
      const subscription = await client.listen({ resourceSubscriptions: [WEATHER] })
      expect(subscription.honoredFilter).toEqual({ resourceSubscriptions: [WEATHER] })
      const { tools } = await client.listTools()
      expect(tools).toHaveLength(5)
      await subscription.close()
    } finally {
      await client.close()
    }
  })
})
