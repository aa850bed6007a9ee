import type { PodSnapshot } from './pod-snapshot.ts'

/**
 * The port the activator reads pods through (one port per concern, apart from
 * LifecycleBackend): the pods a server's Deployment selects, confined like the backend to its
 * namespace and to MCP servers.
 */
export interface ServerPods {
  /**
   * Follows the pods of one MCP server: yields all of them first, then all of them again after
   * every change, until the signal aborts. Resumes by itself when the stream drops. An unknown
   * server (or not an MCP server) throws LifecycleError('not-found').
   */
  watchPods(name: string, signal: AbortSignal): AsyncIterable<PodSnapshot[]>
}
