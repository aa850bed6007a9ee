import {
  createOperationContext,
  getServerStatus,
  isLifecycleError,
  listServers,
  type CallScope,
  type OperationServices,
} from '@mcp-lifecycle/core'
import {
  ProtocolError,
  ProtocolErrorCode,
  ResourceNotFoundError,
  type Server,
} from '@modelcontextprotocol/server'
import { toolError } from './tool-error.ts'

/** The list of servers, as list_mcp_servers answers it. */
export const SERVERS_URI = 'mcp-lifecycle://servers'
const SERVER_PREFIX = `${SERVERS_URI}/`

/** One server's status, as get_mcp_status answers it. */
export const serverUri = (name: string) => `${SERVER_PREFIX}${name}`

/** The server a status URI names; undefined for the list (or any other URI). */
export const serverNameOf = (uri: string): string | undefined =>
  uri.startsWith(SERVER_PREFIX) ? uri.slice(SERVER_PREFIX.length) : undefined

const JSON_TYPE = 'application/json'

interface StatusResourceDeps {
  services: OperationServices
  scope?: CallScope | undefined
}

/**
 * The servers' status as resources, so a client can subscribe to them and hear of a change
 * (notifications/resources/updated) instead of polling get_mcp_status. Reads go through the
 * same core operations as the tools: the same scopes and server patterns apply.
 */
export function serveStatusResources(server: Server, deps: StatusResourceDeps): void {
  server.setRequestHandler('resources/list', () => ({
    resources: [
      {
        uri: SERVERS_URI,
        name: 'servers',
        title: 'MCP servers',
        description:
          'Every MCP server this manager controls, with its status (as list_mcp_servers).',
        mimeType: JSON_TYPE,
      },
    ],
  }))
  server.setRequestHandler('resources/templates/list', () => ({
    resourceTemplates: [
      {
        uriTemplate: `${SERVER_PREFIX}{name}`,
        name: 'server-status',
        title: 'MCP server status',
        description: "One MCP server's status (as get_mcp_status); subscribe to hear of changes.",
        mimeType: JSON_TYPE,
      },
    ],
  }))
  server.setRequestHandler('resources/read', async ({ params: { uri } }, ctx) => {
    const view = await readStatus(
      uri,
      createOperationContext(deps.services, { ...deps.scope, signal: ctx.mcpReq.signal })
    )
    return { contents: [{ uri, mimeType: JSON_TYPE, text: JSON.stringify(view) }] }
  })
}

async function readStatus(uri: string, ctx: Parameters<typeof listServers>[0]): Promise<object> {
  const name = uri.startsWith(SERVER_PREFIX) ? uri.slice(SERVER_PREFIX.length) : undefined
  if (uri !== SERVERS_URI && !name) throw new ResourceNotFoundError(uri)
  try {
    return name === undefined ? await listServers(ctx) : await getServerStatus(ctx, name)
  } catch (error) {
    if (!isLifecycleError(error)) throw error
    if (error.kind === 'not-found' || error.kind === 'invalid') throw new ResourceNotFoundError(uri)
    // The same words, and the same advice, as the tool that reads it.
    const tool = name === undefined ? 'list_mcp_servers' : 'get_mcp_status'
    const [text] = toolError(error, { tool, ...(name && { name }) }).content
    const message = text?.type === 'text' ? text.text : error.message
    throw new ProtocolError(ProtocolErrorCode.InvalidRequest, message)
  }
}
