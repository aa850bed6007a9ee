/** The list of servers of the default namespace, as list_mcp_servers answers it. */
export const SERVERS_URI = 'mcp-lifecycle://servers'

const NAMESPACES_PREFIX = 'mcp-lifecycle://namespaces/'

/**
 * The list of one namespace's servers: today's URI for the default namespace (absent), a
 * namespaced one (`mcp-lifecycle://namespaces/{namespace}/servers`) for the others.
 */
export const listUri = (namespace?: string) =>
  namespace === undefined ? SERVERS_URI : `${NAMESPACES_PREFIX}${namespace}/servers`

/** One server's status, as get_mcp_status answers it; `namespace` absent: the default one. */
export const serverUri = (name: string, namespace?: string) => `${listUri(namespace)}/${name}`

/** What a status URI names: a namespace's list (no `name`), or one server. */
export interface StatusTarget {
  /** Absent: the default namespace (today's URIs). */
  namespace?: string
  name?: string
}

// Labels only (the operations check them again): any other URI is not one of ours.
const LABEL = '[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?'
const STATUS_URI = new RegExp(
  `^mcp-lifecycle://(?:namespaces/(${LABEL})/)?servers(?:/(${LABEL}))?$`
)

/**
 * What a status URI names, or undefined when it is not one. The namespaced form naming the
 * default namespace is not one either: that namespace has one URI per resource, today's, so an
 * update is never announced under a URI its subscriber did not use.
 */
export function parseStatusUri(uri: string, defaultNamespace?: string): StatusTarget | undefined {
  const match = STATUS_URI.exec(uri)
  if (!match) return undefined
  const [, namespace, name] = match
  if (namespace !== undefined && namespace === defaultNamespace) return undefined
  return { ...(namespace !== undefined && { namespace }), ...(name !== undefined && { name }) }
}
