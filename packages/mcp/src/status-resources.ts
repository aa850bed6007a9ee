import {
  createOperationContext,
  getServerStatus,
  isLifecycleError,
  listServers,
  maySeeNamespace,
  visibleNamespaces,
  type CallScope,
  type OperationServices,
} from '@mcp-lifecycle/core'
import {
  ProtocolError,
  ProtocolErrorCode,
  ResourceNotFoundError,
  type Resource,
  type Server,
} from '@modelcontextprotocol/server'
import { listUri, parseStatusUri, serverUri, type StatusTarget } from './status-uris.ts'
import { toolError } from './tool-error.ts'

const JSON_TYPE = 'application/json'

interface StatusResourceDeps {
  services: OperationServices
  scope?: CallScope | undefined
}

/**
 * The servers' status as resources, so a client can subscribe to them and hear of a change
 * (notifications/resources/updated) instead of polling get_mcp_status. Reads go through the
 * same core operations as the tools: the same scopes and server patterns apply. The default
 * namespace keeps its URIs (`mcp-lifecycle://servers[/{name}]`); the other managed namespaces
 * have `mcp-lifecycle://namespaces/{namespace}/servers[/{name}]`, and a caller is shown only
 * the namespaces it is given.
 */
export function serveStatusResources(server: Server, deps: StatusResourceDeps): void {
  server.setRequestHandler('resources/list', () => ({ resources: listsShown(deps) }))
  server.setRequestHandler('resources/templates/list', () => ({
    resourceTemplates: [
      {
        uriTemplate: serverUri('{name}'),
        name: 'server-status',
        title: 'MCP server status',
        description: "One MCP server's status (as get_mcp_status); subscribe to hear of changes.",
        mimeType: JSON_TYPE,
      },
      ...(deps.services.namespaces
        ? [
            {
              uriTemplate: serverUri('{name}', '{namespace}'),
              name: 'namespaced-server-status',
              title: 'MCP server status, in another namespace',
              description:
                "One MCP server's status in a managed namespace other than the default one.",
              mimeType: JSON_TYPE,
            },
          ]
        : []),
    ],
  }))
  server.setRequestHandler('resources/read', async ({ params: { uri } }, ctx) => {
    const target = parseStatusUri(uri, deps.services.namespaces?.defaultNamespace)
    if (!target) throw new ResourceNotFoundError(uri)
    const view = await readStatus(uri, target, { ...deps, signal: ctx.mcpReq.signal })
    return { contents: [{ uri, mimeType: JSON_TYPE, text: JSON.stringify(view) }] }
  })
}

/** The list resource of each namespace the caller is given: the default one's first. */
function listsShown({ services, scope }: StatusResourceDeps): Resource[] {
  const managed = services.namespaces
  if (!managed) return [listResource()]
  const { defaultNamespace } = managed
  const principal = scope?.principal
  const others = visibleNamespaces(managed, principal).filter((ns) => ns !== defaultNamespace)
  return [
    ...(maySeeNamespace(principal, { namespace: defaultNamespace, defaultNamespace })
      ? [listResource()]
      : []),
    ...others.map(listResource),
  ]
}

function listResource(namespace?: string): Resource {
  return {
    uri: listUri(namespace),
    name: namespace === undefined ? 'servers' : `servers-${namespace}`,
    title: namespace === undefined ? 'MCP servers' : `MCP servers in ${namespace}`,
    description: `Every MCP server this manager controls${namespace === undefined ? '' : ` in namespace ${namespace}`}, with its status (as list_mcp_servers).`,
    mimeType: JSON_TYPE,
  }
}

async function readStatus(
  uri: string,
  { namespace, name }: StatusTarget,
  deps: StatusResourceDeps & { signal: AbortSignal }
): Promise<object> {
  try {
    const ctx = createOperationContext(deps.services, {
      ...deps.scope,
      signal: deps.signal,
      ...(namespace !== undefined && { namespace }),
    })
    return name === undefined ? await listServers(ctx) : await getServerStatus(ctx, name)
  } catch (error) {
    if (!isLifecycleError(error)) throw error
    // Another tenant's namespace reads as one that does not exist, as on every other route.
    if (error.kind === 'not-found' || error.kind === 'invalid') throw new ResourceNotFoundError(uri)
    // The same words, and the same advice, as the tool that reads it.
    const tool = name === undefined ? 'list_mcp_servers' : 'get_mcp_status'
    const [text] = toolError(error, { tool, ...(name && { name }) }).content
    const message = text?.type === 'text' ? text.text : error.message
    throw new ProtocolError(ProtocolErrorCode.InvalidRequest, message)
  }
}
