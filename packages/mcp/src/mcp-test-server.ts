// For the tests: the MCP app on a real HTTP server on 127.0.0.1, and the SDK's own client on it.
import { serve, type ServerType } from '@hono/node-server'
import { Client } from '@modelcontextprotocol/sdk/client/index.js'
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js'
import { Hono } from 'hono'
import type { AddressInfo } from 'node:net'
import { createMcpApp, type McpAppDeps } from './create-mcp-app.ts'
import { authenticate } from '@mcp-lifecycle/auth'

export interface McpTestServer {
  /** The MCP endpoint, http://127.0.0.1:<port>/mcp */
  url: URL
  close(): Promise<void>
}

/**
 * Serves createMcpApp on an ephemeral port of 127.0.0.1, behind the authenticate middleware as
 * in apps/server (a no-op without deps.authenticator).
 */
export async function startMcpTestServer(deps: McpAppDeps): Promise<McpTestServer> {
  const app = new Hono().use(authenticate(deps.authenticator)).route('/', createMcpApp(deps))
  const server = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(s))
  })
  const { port } = server.address() as AddressInfo
  return {
    url: new URL(`http://127.0.0.1:${port}/mcp`),
    close: () =>
      new Promise((resolve) => {
        if ('closeAllConnections' in server) server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

/** Connects (initialize + initialized) the SDK's Client over Streamable HTTP. */
export async function connectClient(url: URL, token?: string): Promise<Client> {
  const client = new Client({ name: 'mcp-lifecycle-tests', version: '0.0.0' })
  const requestInit = token === undefined ? {} : { headers: { authorization: `Bearer ${token}` } }
  await client.connect(new StreamableHTTPClientTransport(url, { requestInit }))
  return client
}
