import { Client } from '@modelcontextprotocol/sdk/client/index.js'
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js'
import type { Identity } from './identity.ts'

export interface ExampleClient {
  client: Client
  /** The Mcp-Session-Id the server gave at initialize; undefined from a stateless server. */
  sessionId: string | undefined
  whoami(): Promise<Identity>
  /** slow_count (10 ms steps) with a progress token: its content and each [progress, total]. */
  slowCount(count: number): Promise<{ content: unknown; progress: [number, number?][] }>
  close(): Promise<void>
}

/** What slowCount(3) answers: the tool's text, and one progress notification per step. */
export const COUNTED_TO_3 = {
  content: [{ type: 'text', text: 'counted to 3' }],
  progress: [
    [1, 3],
    [2, 3],
    [3, 3],
  ],
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
    async slowCount(count) {
      const progress: [number, number?][] = []
      const result = await client.callTool(
        { name: 'slow_count', arguments: { count, interval_ms: 10 } },
        undefined,
        { onprogress: (p) => progress.push([p.progress, p.total]) }
      )
      return { content: result.content, progress }
    },
    close: () => client.close(),
  }
}
