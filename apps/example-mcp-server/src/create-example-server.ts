import { McpServer, ResourceTemplate } from '@modelcontextprotocol/sdk/server/mcp.js'
import { ABOUT, ECHO_RESOURCE, GREET } from './example-catalog.ts'
import {
  DESCRIPTIONS,
  echo,
  ECHO_FIELDS,
  slowCount,
  SLOW_COUNT_FIELDS,
  whoami,
} from './example-tools.ts'
import type { Identity } from './identity.ts'

/** The three tools, a prompt and two resources, on the SDK's McpServer. One instance per session (or per stateless POST). */
export function createExampleServer(identity: Identity): McpServer {
  const server = new McpServer({ name: 'example-mcp-server', version: '0.1.0' })

  server.registerTool('whoami', { description: DESCRIPTIONS.whoami }, () => whoami(identity))
  server.registerTool(
    'echo',
    { description: DESCRIPTIONS.echo, inputSchema: ECHO_FIELDS },
    ({ text }) => echo(text)
  )
  server.registerTool(
    'slow_count',
    { description: DESCRIPTIONS.slow_count, inputSchema: SLOW_COUNT_FIELDS },
    (args, extra) =>
      slowCount(args, extra._meta?.progressToken, extra.signal, (n) => extra.sendNotification(n))
  )

  server.registerPrompt(
    GREET.name,
    { description: GREET.description, argsSchema: GREET.args },
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
