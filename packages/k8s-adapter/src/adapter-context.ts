import type { ApiClients } from './api-clients.ts'

/** What every adapter function works with: the clients and the scope it is confined to. */
export interface AdapterContext {
  api: ApiClients
  namespace: string
  /** Label selector that makes a Deployment an MCP server. */
  selector: string
}
