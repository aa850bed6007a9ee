import type { Progress, RequestSchemas, ServerStatusView, ServerSummary } from '@mcp-lifecycle/core'
import type * as v from 'valibot'

// Request bodies as the HTTP API takes them: what is left out gets the server's default.
export type StartBody = v.InferInput<RequestSchemas['start']>
export type StopBody = v.InferInput<RequestSchemas['stop']>
export type ScaleBody = v.InferInput<RequestSchemas['scale']>

/** The answer of `GET /servers`. */
export interface ServerList {
  servers: ServerSummary[]
}

export interface CallOptions {
  /** Validate and authorize on the cluster without persisting anything. */
  dryRun?: boolean
  /** Aborts the call (Ctrl-C); the call rejects with the signal's reason. */
  signal?: AbortSignal
  /** Called with ready/desired while a call waits, by clients that can see the Deployment. */
  onProgress?: (progress: Progress) => void
}

/**
 * What the commands need from a manager of MCP servers, with the API's JSON shapes. Two
 * implementations: over a running manager's HTTP API, or straight to the cluster.
 */
export interface Client {
  /** Where the calls go, for messages: the manager's URL or the cluster's namespace. */
  readonly target: string
  /** With allNamespaces: every namespace the caller may see, each server naming its own. */
  list(options?: CallOptions, allNamespaces?: boolean): Promise<ServerList>
  status(name: string, options?: CallOptions): Promise<ServerStatusView>
  start(name: string, body: StartBody, options?: CallOptions): Promise<ServerStatusView>
  stop(name: string, body: StopBody, options?: CallOptions): Promise<ServerStatusView>
  scale(name: string, body: ScaleBody, options?: CallOptions): Promise<ServerStatusView>
  /**
   * The whole list now, then again whenever it may have changed (possibly unchanged), until
   * the signal aborts.
   */
  watch(signal: AbortSignal): AsyncIterable<ServerList>
}
