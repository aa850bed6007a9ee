import { listedNamespaces, type Principal } from '@mcp-lifecycle/core'
import { MemoryBackend } from '@mcp-lifecycle/core/testing'
import type { Client } from '@modelcontextprotocol/sdk/client/index.js'
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js'
import { afterEach, describe, expect, it } from 'vitest'
import { tokenAuthenticator } from './token-authenticator.ts'
import { connectClient, startMcpTestServer, type McpTestServer } from './mcp-test-server.ts'

// The SDK's own client over real HTTP, against memory backends in three namespaces.
const closers: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close()
})

const PRINCIPALS = new Map<string, Principal>([
  ['admin', { id: 'admin', scope: 'write' }],
  ['team-a', { id: 'team-a', scope: 'write', servers: 'team-a/*' }],
])

async function setup(token: string) {
  const backends = {
    mcp: new MemoryBackend([{ name: 'weather', replicas: 1 }]),
    teamA: new MemoryBackend([{ name: 'github', replicas: 0 }]),
    teamB: new MemoryBackend([{ name: 'github', replicas: 0 }]),
  }
  const namespaces = listedNamespaces('mcp', [
    { namespace: 'mcp', backend: backends.mcp },
    { namespace: 'team-a', backend: backends.teamA },
    { namespace: 'team-b', backend: backends.teamB },
  ])
  const http: McpTestServer = await startMcpTestServer({
    backend: backends.mcp,
    namespaces,
    limits: { maxReplicas: 5, maxTimeoutSeconds: 60 },
    authenticator: tokenAuthenticator(PRINCIPALS),
  })
  closers.push(http.close)
  const client: Client = await connectClient(http.url, token)
  closers.push(() => client.close())
  const call = (name: string, args: Record<string, unknown>) =>
    client.callTool({ name, arguments: args }) as Promise<CallToolResult>
  return { call, backends }
}

const namesOf = (result: CallToolResult) =>
  (result.structuredContent as { servers: { name: string }[] }).servers.map((s) => s.name)

describe('MCP tools with a namespace', () => {
  it('act on the namespace named, the default one without', async () => {
    const { call, backends } = await setup('admin')
    expect(namesOf(await call('list_mcp_servers', {}))).toEqual(['weather'])
    expect(namesOf(await call('list_mcp_servers', { namespace: 'team-a' }))).toEqual(['github'])
    const scaled = await call('scale_mcp', { namespace: 'team-b', name: 'github', replicas: 2 })
    expect(scaled.isError).toBeFalsy()
    expect((await backends.teamB.getServer('github')).deployment.desiredReplicas).toBe(2)
    expect((await backends.teamA.getServer('github')).deployment.desiredReplicas).toBe(0)
  })

  it('refuse a namespace that is not a DNS-1123 label, naming the argument', async () => {
    const { call } = await setup('admin')
    const result = await call('get_mcp_status', { namespace: 'Team_B', name: 'github' })
    expect(result.isError).toBe(true)
    expect(JSON.stringify(result.content)).toContain('namespace')
  })

  it("show a tenant nothing of another's namespace, nor of the default one", async () => {
    const { call, backends } = await setup('team-a')
    expect(namesOf(await call('list_mcp_servers', { namespace: 'team-a' }))).toEqual(['github'])
    for (const [tool, args] of [
      ['list_mcp_servers', {}],
      ['list_mcp_servers', { namespace: 'team-b' }],
      ['get_mcp_status', { namespace: 'team-b', name: 'github' }],
      ['start_mcp', { namespace: 'team-b', name: 'github', wait_ready: false }],
      ['stop_mcp', { namespace: 'team-b', name: 'github' }],
      ['scale_mcp', { namespace: 'team-b', name: 'github', replicas: 3 }],
      ['get_mcp_status', { name: 'weather' }],
    ] as const) {
      const result = await call(tool, args)
      expect(result.isError, `${tool} ${JSON.stringify(args)}`).toBe(true)
      expect(JSON.stringify(result.content)).toContain('not managed here, or not yours')
    }
    expect(backends.teamB.calls.scale + backends.mcp.calls.scale).toBe(0)
  })
})
