import { McpServer, ResourceTemplate } from '@modelcontextprotocol/server'
import * as z from 'zod'
import type { Identity } from './identity.ts'
import { ABOUT, CACHE_HINTS, ECHO_RESOURCE, GREET } from './example-catalog.ts'
import {
  DESCRIPTIONS,
  echo,
  ECHO_FIELDS,
  slowCount,
  SLOW_COUNT_FIELDS,
  whoami,
} from './example-tools.ts'

/**
 * The same tools, prompt and resources as createExampleServer, on the v2 SDK's McpServer
 * (`@modelcontextprotocol/server`), which serves both protocol eras. One instance per request.
 */
export function createExampleServerV2(identity: Identity): McpServer {
  const server = new McpServer(
    { name: 'example-mcp-server', version: '0.1.0' },
    { cacheHints: CACHE_HINTS }
  )

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

  server.registerPrompt(
    GREET.name,
    { description: GREET.description, argsSchema: z.object(GREET.args) },
    ({ name }) => GREET.messages(name)
  )
  server.registerResource(ABOUT.name, ABOUT.uri, ABOUT.metadata, (uri) => ABOUT.read(uri))
  server.registerResource(
    ECHO_RESOURCE.name,
    new ResourceTemplate(ECHO_RESOURCE.template, { list: undefined }),
    ECHO_RESOURCE.metadata,
    (uri, { text }) => ECHO_RESOURCE.read(uri, String(text))
  )
  return server
}
