import type { DeploymentSnapshot, ServerSnapshot } from './snapshot.ts'

export interface MutationOptions {
  /** Validate and authorize on the cluster without persisting anything. */
  dryRun?: boolean
  /**
   * The caller went away or the process stops: a write not yet sent is not sent, and a call in
   * flight is aborted.
   */
  signal?: AbortSignal
}

/**
 * The plugin point: what an orchestrator must offer for core to manage MCP servers on it.
 * Every method is confined to the backend's namespace and to Deployments that are MCP servers;
 * any other name answers LifecycleError('not-found') and is never changed.
 * Failures are thrown as LifecycleError.
 */
export interface LifecycleBackend {
  /** Every MCP server with the Services that may reach it, in a constant number of calls. */
  listServers(): Promise<ServerSnapshot[]>
  /** One MCP server. */
  getServer(name: string): Promise<ServerSnapshot>
  /** Sets the desired replica count through the scale subresource; returns the new Deployment. */
  scale(name: string, replicas: number, options?: MutationOptions): Promise<DeploymentSnapshot>
  /** Deletes the server's pods at once (grace period 0); returns how many were deleted. */
  deletePods(name: string, options?: MutationOptions): Promise<number>
  /**
   * Follows the Deployment: yields its current state first, then every change, until the
   * signal aborts. Resumes by itself when the underlying stream drops.
   */
  watchServer(name: string, signal: AbortSignal): AsyncIterable<DeploymentSnapshot>
  /** Follows every MCP server: the whole list first, then again after each change. */
  watchServers(signal: AbortSignal): AsyncIterable<ServerSnapshot[]>
}
