import type { DeploymentSnapshot, ServiceSnapshot } from './snapshot.ts'

/** An object and the namespace it lives in: caches key by both, so several namespaces fit. */
export interface Placed<T> {
  namespace: string
  object: T
}

/**
 * What a list-watch of one kind reports, in core snapshots:
 * - `list`: every object of the kind the feed follows (first, and again after the watch
 *   expired), replacing whatever was known;
 * - `upsert` / `delete`: one change;
 * - `connected`: a watch request was answered, so changes are followed again;
 * - `failed`: a list or watch request failed; the feed retries by itself.
 */
export type FeedEvent<T> =
  | { type: 'list'; items: Placed<T>[] }
  | { type: 'upsert'; item: Placed<T> }
  | { type: 'delete'; item: Placed<T> }
  | { type: 'connected' }
  | { type: 'failed'; error: unknown }

/**
 * The port a cache of MCP servers is fed through: one list-watch per kind, each following its
 * kind until the signal aborts, never giving up on its own (failures are reported as events).
 */
export interface ServerFeed {
  /** The MCP server Deployments. */
  deployments(signal: AbortSignal): AsyncIterable<FeedEvent<DeploymentSnapshot>>
  /** The Services that may reach them. */
  services(signal: AbortSignal): AsyncIterable<FeedEvent<ServiceSnapshot>>
}
