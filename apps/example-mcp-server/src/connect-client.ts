import { Client } from '@modelcontextprotocol/sdk/client/index.js'
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js'
import type { Identity } from './create-example-server.ts'

export interface ExampleClient {
  client: Client
  /** The Mcp-Session-Id the server gave at initialize; undefined from a stateless server. */
  sessionId: string | undefined
  whoami(): Promise<Identity>
  close(): Promise<void>
}

/** The MCP SDK's client over Streamable HTTP, initialized with the server at `url`. */
export async function connectClient(url: string | URL): Promise<ExampleClient> {
  const client = new Client({ name: 'example-mcp-server-tests', version: '0.0.0' })
  const transport = new StreamableHTTPClientTransport(new URL(url))
  await client.connect(transport)
  return {
    client,
    sessionId: transport.sessionId,
    async whoami() {
      const result = await client.callTool({ name: 'whoami' })
      return result.structuredContent as unknown as Identity
    },
    close: () => client.close(),
  }
}
