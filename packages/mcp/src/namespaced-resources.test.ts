import { listedNamespaces, type Principal } from '@mcp-lifecycle/core'
import { MemoryBackend } from '@mcp-lifecycle/core/testing'
import {
  Client as ClientV2,
  StreamableHTTPClientTransport as HttpTransportV2,
} from '@modelcontextprotocol/client'
import { Client } from '@modelcontextprotocol/sdk/client/index.js'
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js'
import { ResourceUpdatedNotificationSchema } from '@modelcontextprotocol/sdk/types.js'
import type { Transport } from '@modelcontextprotocol/server'
import { afterEach, describe, expect, it } from 'vitest'
import { tokenAuthenticator } from './token-authenticator.ts'
import { connectClient, startMcpTestServer } from './mcp-test-server.ts'
import { serveMcpStdio } from './serve-mcp-stdio.ts'
import { listUri, SERVERS_URI, serverUri } from './status-uris.ts'
import { createTools } from './tools.ts'

// Issue 31: two tenants, each given one namespace, and the default namespace besides. The real
// v1 and v2 SDK clients, over HTTP and over a stdio connection, against memory backends.
const closers: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close()
})

const TENANTS = {
  'team-a': { id: 'team-a', scope: 'read', servers: 'team-a/*' },
  'team-b': { id: 'team-b', scope: 'read', servers: 'team-b/*' },
} satisfies Record<string, Principal>
type Tenant = keyof typeof TENANTS
const OTHER: Record<Tenant, Tenant> = { 'team-a': 'team-b', 'team-b': 'team-a' }
const PRINCIPALS = new Map<string, Principal>([
  ['admin', { id: 'admin', scope: 'write' }],
  ...Object.entries(TENANTS),
])

function managed() {
  const backends = {
    mcp: new MemoryBackend([{ name: 'weather', replicas: 0 }]),
    'team-a': new MemoryBackend([{ name: 'github', replicas: 0 }]),
    'team-b': new MemoryBackend([{ name: 'github', replicas: 0 }]),
  }
  const namespaces = listedNamespaces(
    'mcp',
    Object.entries(backends).map(([namespace, backend]) => ({ namespace, backend }))
  )
  return { backends, services: { backend: backends.mcp, namespaces } }
}

async function serveHttp() {
  const { backends, services } = managed()
  const http = await startMcpTestServer({
    ...services,
    authenticator: tokenAuthenticator(PRINCIPALS),
  })
  closers.push(http.close)
  return { backends, url: http.url }
}

const uris = (list: { uri: string }[]) => list.map((each) => each.uri)

describe('status resources of managed namespaces (v1 client, 2025-11-25 over HTTP)', () => {
  it('list every namespace for a caller given all, the default one under its own URIs', async () => {
    const { url } = await serveHttp()
    const client = await connectClient(url, 'admin')
    closers.push(() => client.close())
    const { resources } = await client.listResources()
    expect(uris(resources)).toEqual([SERVERS_URI, listUri('team-a'), listUri('team-b')])
    const read = await client.readResource({ uri: serverUri('github', 'team-b') })
    expect(JSON.parse((read.contents[0] as { text: string }).text)).toMatchObject({
      name: 'github',
    })
    const { resourceTemplates } = await client.listResourceTemplates()
    expect(resourceTemplates.map((t) => t.uriTemplate)).toEqual([
      serverUri('{name}'),
      serverUri('{name}', '{namespace}'),
    ])
    // The default namespace has one URI per resource: today's.
    await expect(client.readResource({ uri: serverUri('weather', 'mcp') })).rejects.toThrow(
      /not found/i
    )
  })

  it.each(Object.keys(TENANTS) as Tenant[])(
    'show %s its own namespace only: the others read as not found',
    async (tenant) => {
      const { url } = await serveHttp()
      const client = await connectClient(url, tenant)
      closers.push(() => client.close())
      expect(uris((await client.listResources()).resources)).toEqual([listUri(tenant)])
      const own = await client.readResource({ uri: listUri(tenant) })
      expect((own.contents[0] as { text: string }).text).toContain('github')
      for (const uri of [
        listUri(OTHER[tenant]),
        serverUri('github', OTHER[tenant]),
        SERVERS_URI,
        serverUri('weather'),
        serverUri('github', 'kube-system'),
      ]) {
        await expect(client.readResource({ uri }), uri).rejects.toThrow(/not found/i)
      }
    }
  )
})

describe('subscriptions/listen of managed namespaces (v2 client, 2026-07-28 over HTTP)', () => {
  it('tells each tenant of its own namespace changes, never of the other tenant', async () => {
    const { backends, url } = await serveHttp()
    const every = [
      SERVERS_URI,
      serverUri('weather'),
      ...(['team-a', 'team-b'] as const).flatMap((ns) => [listUri(ns), serverUri('github', ns)]),
    ]
    const heard: Record<Tenant | 'admin', string[]> = { 'team-a': [], 'team-b': [], admin: [] }
    for (const who of Object.keys(heard) as (keyof typeof heard)[]) {
      const client = new ClientV2(
        { name: 'namespaced-resources-tests', version: '0' },
        { versionNegotiation: { mode: { pin: '2026-07-28' } } }
      )
      client.setNotificationHandler('notifications/resources/updated', (n) => {
        heard[who].push(n.params.uri)
      })
      await client.connect(
        new HttpTransportV2(url, { requestInit: { headers: { authorization: `Bearer ${who}` } } })
      )
      closers.push(() => client.close())
      const subscription = await client.listen({ resourceSubscriptions: every })
      closers.push(() => subscription.close())
    }
    // The admin follows all three namespaces; each tenant's stream, its own namespace only.
    await expect.poll(() => backends.mcp.calls.watch).toBeGreaterThan(0)
    await expect.poll(() => backends['team-a'].calls.watch).toBeGreaterThan(0)
    await expect.poll(() => backends['team-b'].calls.watch).toBeGreaterThan(0)
    await new Promise((resolve) => setTimeout(resolve, 50)) // the first state is read
    await backends['team-b'].scale('github', 1)
    await backends.mcp.scale('weather', 1)
    await backends['team-a'].scale('github', 1)
    for (const tenant of Object.keys(TENANTS) as Tenant[]) {
      await expect.poll(() => heard[tenant]).toContain(serverUri('github', tenant))
    }
    await expect.poll(() => heard.admin).toContain(serverUri('weather'))
    await expect.poll(() => heard.admin).toContain(serverUri('github', 'team-a'))
    await expect.poll(() => heard.admin).toContain(serverUri('github', 'team-b'))
    await new Promise((resolve) => setTimeout(resolve, 200)) // anything late would be in
    for (const tenant of Object.keys(TENANTS) as Tenant[]) {
      expect(new Set(heard[tenant])).toEqual(
        new Set([listUri(tenant), serverUri('github', tenant)])
      )
    }
  })
})

describe('resources/subscribe of managed namespaces (v1 client, 2025-11-25 over stdio)', () => {
  it.each(Object.keys(TENANTS) as Tenant[])(
    'tells %s of its own namespace changes only',
    async (tenant) => {
      const { backends, services } = managed()
      const [clientSide, serverSide] = InMemoryTransport.createLinkedPair()
      const connection = serveMcpStdio({
        services,
        tools: createTools(),
        scope: { principal: TENANTS[tenant] },
        transport: serverSide as Transport,
      })
      closers.push(() => connection.close())
      const client = new Client({ name: 'namespaced-resources-tests', version: '0' })
      const heard: string[] = []
      client.setNotificationHandler(ResourceUpdatedNotificationSchema, (n) => {
        heard.push(n.params.uri)
      })
      await client.connect(clientSide)
      closers.push(() => client.close())
      const other = OTHER[tenant]
      for (const uri of [serverUri('github', tenant), serverUri('github', other)])
        await client.subscribeResource({ uri })
      await expect.poll(() => backends[tenant].calls.watch).toBeGreaterThan(0)
      await new Promise((resolve) => setTimeout(resolve, 50)) // the first state is read
      await backends[other].scale('github', 1)
      await backends[tenant].scale('github', 1)
      await expect.poll(() => heard).toContain(serverUri('github', tenant))
      await new Promise((resolve) => setTimeout(resolve, 200)) // anything late would be in
      expect(heard.filter((uri) => uri !== serverUri('github', tenant))).toEqual([])
      expect(backends[other].calls.watch).toBe(0)
    }
  )
})
