import { createDeployment, createTestNamespace } from '@mcp-lifecycle/k8s-adapter/cluster-fixtures'
import type { ClusterAccess } from '@mcp-lifecycle/k8s-adapter/cluster-fixtures'
import {
  Client as ClientV2,
  StreamableHTTPClientTransport as StreamableHTTPClientTransportV2,
} from '@modelcontextprotocol/client'
import { INITIALIZE } from '@mcp-lifecycle/activator/testing'
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readChangeEvents } from './change-events-fixture.ts'
import { connectV1 } from './connect-mcp-client.ts'
import { startManagerProcess, writeTokensFile } from './manager-process-fixture.ts'
import type { ManagerProcess } from './manager-process-fixture.ts'

// Two tenants on the local control plane, served by the real manager process: each tenant's
// token against every route, the change stream, MCP and the proxy of the other's namespace.
const TOKENS = {
  a: 'tenant-a-token-0123456789abcdef',
  b: 'tenant-b-token-0123456789abcdef',
}
let home: ClusterAccess
let tenantA: ClusterAccess
let tenantB: ClusterAccess
let manager: ManagerProcess | undefined
let base = ''

beforeAll(async () => {
  ;[home, tenantA, tenantB] = await Promise.all([
    createTestNamespace('home'),
    createTestNamespace('tenant-a'),
    createTestNamespace('tenant-b'),
  ])
  await Promise.all(
    [home, tenantA, tenantB].flatMap((access) => [
      createDeployment(access, { name: 'shared-name', replicas: 0 }),
      createDeployment(access, { name: `only-${access.namespace}`, replicas: 0 }),
    ])
  )
  manager = await startManagerProcess({
    MCPL_NAMESPACE: home.namespace,
    MCPL_NAMESPACES: [home, tenantA, tenantB].map((access) => access.namespace).join(','),
    MCPL_TOKENS_FILE: writeTokensFile([
      { id: 'a', scope: 'write', servers: `${tenantA.namespace}/*`, token: TOKENS.a },
      { id: 'b', scope: 'write', servers: `${tenantB.namespace}/*`, token: TOKENS.b },
    ]),
  })
  base = manager.base
}, 60_000)
afterAll(() => manager?.kill())

function send(token: string, path: string, body?: unknown) {
  return fetch(`${base}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
    },
    ...(body !== undefined && { body: JSON.stringify(body) }),
    signal: AbortSignal.timeout(20_000),
  })
}

/** Every route of one namespace (or of the default one, for an empty base). */
function routesOf(prefix: string): [string, unknown][] {
  return [
    [`${prefix}/servers`, undefined],
    [`${prefix}/servers?watch=true`, undefined],
    [`${prefix}/servers/shared-name`, undefined],
    [`${prefix}/servers/shared-name/start`, { wait_ready: false }],
    [`${prefix}/servers/shared-name/stop`, {}],
    [`${prefix}/servers/shared-name/scale`, { replicas: 1 }],
    [`${prefix}/servers/shared-name/mcp`, INITIALIZE],
  ]
}

const replicasOf = async (access: ClusterAccess, name: string) =>
  (await access.apps.readNamespacedDeployment({ name, namespace: access.namespace })).spec?.replicas

const namesIn = async (res: Response) =>
  ((await res.json()) as { servers: { name: string }[] }).servers.map((s) => s.name).sort()

describe('two tenants on one manager', () => {
  it('each sees and changes its own namespace', async () => {
    for (const [token, own] of [
      [TOKENS.a, tenantA],
      [TOKENS.b, tenantB],
    ] as const) {
      const res = await send(token, `/namespaces/${own.namespace}/servers`)
      expect(res.status).toBe(200)
      expect(await namesIn(res)).toEqual([`only-${own.namespace}`, 'shared-name'])
    }
    const scaled = await send(
      TOKENS.a,
      `/namespaces/${tenantA.namespace}/servers/shared-name/scale`,
      {
        replicas: 1,
      }
    )
    expect(scaled.status).toBe(200)
    expect(await replicasOf(tenantA, 'shared-name')).toBe(1)
  })

  it("answers 404 to every route of the other's namespace and of the default one, changing nothing", async () => {
    for (const [token, other] of [
      [TOKENS.a, tenantB],
      [TOKENS.b, tenantA],
    ] as const) {
      for (const [path, body] of [...routesOf(`/namespaces/${other.namespace}`), ...routesOf('')]) {
        const res = await send(token, path, body)
        expect(res.status, path).toBe(404)
        expect(await res.json(), path).toMatchObject({ title: 'Namespace not managed' })
      }
    }
    expect(await replicasOf(tenantB, 'shared-name')).toBe(0)
    expect(await replicasOf(home, 'shared-name')).toBe(0)
  })

  it("keeps a tenant's change stream to its namespace: a scale elsewhere never reaches it", async () => {
    const stream = await send(TOKENS.a, `/namespaces/${tenantA.namespace}/servers?watch=true`)
    expect(stream.status).toBe(200)
    const { seen, reading } = readChangeEvents(stream.body!, (lines) =>
      lines.some((line) => line.includes(`only-${tenantA.namespace}`) && line.startsWith('server'))
    )
    await expect.poll(() => seen.length, { timeout: 20_000 }).toBeGreaterThan(0)
    // The other tenant's server of the same name first, then this tenant's.
    const other = await send(
      TOKENS.b,
      `/namespaces/${tenantB.namespace}/servers/shared-name/scale`,
      {
        replicas: 1,
      }
    )
    expect(other.status).toBe(200)
    const own = await send(
      TOKENS.a,
      `/namespaces/${tenantA.namespace}/servers/only-${tenantA.namespace}/scale`,
      {
        replicas: 1,
      }
    )
    expect(own.status).toBe(200)
    await reading
    await stream.body?.cancel().catch(() => {})
    expect(seen[0]).toMatch(/^list /)
    expect(seen.join('\n')).not.toContain(tenantB.namespace)
    // tenant A's own shared-name is 1 since the first test: any server event for it is its own.
    for (const line of seen.filter((l) => l.startsWith('server') && l.includes('"shared-name"')))
      expect(line).toContain('"replicas":1')
  })

  it('shows a tenant over MCP its namespace only', async () => {
    const { client } = await connectV1(`${base}/mcp`, TOKENS.a)
    try {
      const call = (name: string, args: Record<string, unknown>) =>
        client.callTool({ name, arguments: args }) as Promise<CallToolResult>
      const mine = await call('list_mcp_servers', { namespace: tenantA.namespace })
      expect(mine.isError).toBeFalsy()
      for (const [tool, args] of [
        ['list_mcp_servers', {}],
        ['list_mcp_servers', { namespace: tenantB.namespace }],
        ['get_mcp_status', { namespace: tenantB.namespace, name: 'shared-name' }],
        ['scale_mcp', { namespace: tenantB.namespace, name: 'shared-name', replicas: 3 }],
        ['stop_mcp', { name: 'shared-name' }],
      ] as const) {
        const result = await call(tool, args)
        expect(result.isError, tool).toBe(true)
        expect(JSON.stringify(result.content)).toContain('not managed here, or not yours')
      }
    } finally {
      await client.close()
    }
    expect(await replicasOf(tenantB, 'shared-name')).toBe(1)
  })

  it('shows a tenant the MCP status resources of its namespace only, and their updates', async () => {
    const statusOf = (access: ClusterAccess, name = '') =>
      `mcp-lifecycle://namespaces/${access.namespace}/servers${name && `/${name}`}`
    const { client: v1 } = await connectV1(`${base}/mcp`, TOKENS.a)
    const v2 = new ClientV2(
      { name: 'tenant-test', version: '0.0.0' },
      { versionNegotiation: { mode: { pin: '2026-07-28' } } }
    )
    const heard: string[] = []
    v2.setNotificationHandler('notifications/resources/updated', (n) => {
      heard.push(n.params.uri)
    })
    await v2.connect(
      new StreamableHTTPClientTransportV2(new URL(`${base}/mcp`), {
        requestInit: { headers: { authorization: `Bearer ${TOKENS.a}` } },
      })
    )
    try {
      const { resources } = await v1.listResources()
      expect(resources.map((r) => r.uri)).toEqual([statusOf(tenantA)])
      const mine = await v1.readResource({ uri: statusOf(tenantA, 'shared-name') })
      expect(mine.contents).toHaveLength(1)
      for (const uri of [
        statusOf(tenantB),
        statusOf(tenantB, 'shared-name'),
        'mcp-lifecycle://servers',
        'mcp-lifecycle://servers/shared-name',
      ])
        await expect(v1.readResource({ uri }), uri).rejects.toThrow(/not found/i)

      const own = `only-${tenantA.namespace}`
      const subscription = await v2.listen({
        resourceSubscriptions: [
          statusOf(tenantA, own),
          statusOf(tenantB, `only-${tenantB.namespace}`),
          `mcp-lifecycle://servers/only-${home.namespace}`,
        ],
      })
      try {
        await new Promise((resolve) => setTimeout(resolve, 1000)) // the first state is read
        // The other tenant's server and the default namespace's first, then this tenant's (at 1
        // since the change stream's test: 2 is a change).
        for (const access of [tenantB, home]) {
          const name = `only-${access.namespace}`
          await access.apps.replaceNamespacedDeploymentScale({
            name,
            namespace: access.namespace,
            body: { metadata: { name, namespace: access.namespace }, spec: { replicas: 2 } },
          })
        }
        const scaled = await send(
          TOKENS.a,
          `/namespaces/${tenantA.namespace}/servers/${own}/scale`,
          { replicas: 2 }
        )
        expect(scaled.status).toBe(200)
        await expect.poll(() => heard, { timeout: 20_000 }).toContain(statusOf(tenantA, own))
        await new Promise((resolve) => setTimeout(resolve, 500)) // anything late would be in
        expect(heard.filter((uri) => uri !== statusOf(tenantA, own))).toEqual([])
      } finally {
        await subscription.close()
      }
    } finally {
      await v1.close()
      await v2.close()
    }
  })

  it("keeps another tenant's removals and changes off a stream of every namespace", async () => {
    const stream = await send(TOKENS.a, '/servers?watch=true&all_namespaces=true')
    expect(stream.status).toBe(200)
    const own = `only-${tenantA.namespace}`
    const { seen, reading } = readChangeEvents(stream.body!, (lines) =>
      lines.some((line) => line.startsWith('removed') && line.includes(own))
    )
    await expect.poll(() => seen.length, { timeout: 20_000 }).toBeGreaterThan(0)
    expect(seen[0]).toMatch(new RegExp(`^list \\{"namespace":"${tenantA.namespace}"`))
    // The other tenant's server goes first, then this tenant's: its removal ends the reading.
    const deleteServer = (access: ClusterAccess, name: string) =>
      access.apps.deleteNamespacedDeployment({ name, namespace: access.namespace })
    await deleteServer(tenantB, `only-${tenantB.namespace}`)
    await deleteServer(home, `only-${home.namespace}`)
    await deleteServer(tenantA, own)
    await reading
    await stream.body?.cancel().catch(() => {})
    expect(seen.join('\n')).not.toContain(tenantB.namespace)
    expect(seen.join('\n')).not.toContain(home.namespace)
    expect(seen.filter((line) => line.startsWith('removed'))).toEqual([
      `removed {"name":"${own}","namespace":"${tenantA.namespace}"}`,
    ])
  })
})
