/** An MCP server's identity once several namespaces are managed: its namespace and name. */
export interface ServerId {
  namespace: string
  name: string
}

/** The one key of a server across namespaces: `namespace/name` ('/' is in neither part). */
export function serverKey(id: ServerId): string {
  return `${id.namespace}/${id.name}`
}
