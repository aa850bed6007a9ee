import { McpServer } from '@modelcontextprotocol/server'
import * as z from 'zod'
import type { Identity } from './create-example-server.ts'
import {
  DESCRIPTIONS,
  echo,
  ECHO_FIELDS,
  slowCount,
  SLOW_COUNT_FIELDS,
  whoami,
} from './example-tools.ts'

/**
 * The same three tools as createExampleServer, on the v2 SDK's McpServer
 * (`@modelcontextprotocol/server`), which serves both protocol eras. One instance per request.
 */
export function createExampleServerV2(identity: Identity): McpServer {
  const server = new McpServer({ name: 'example-mcp-server', version: '0.1.0' })

  server.registerTool('whoami', { description: DESCRIPTIONS.whoami }, () => whoami(identity))
  server.registerTool(
    'echo',
    { description: DESCRIPTIONS.echo, inputSchema: z.object(ECHO_FIELDS) },
    ({ text }) => echo(text)
  )
  // A client that cancels (or hangs up: the 2026-07-28 cancellation) aborts mcpReq.signal.
  server.registerTool(
    'slow_count',
    { description: DESCRIPTIONS.slow_count, inputSchema: z.object(SLOW_COUNT_FIELDS) },
    (args, ctx) =>
      slowCount(args, ctx.mcpReq._meta?.progressToken, ctx.mcpReq.signal, (n) =>
        ctx.mcpReq.notify(n)
      )
  )

  return server
}
