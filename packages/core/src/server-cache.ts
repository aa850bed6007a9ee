import { FeedStore } from './feed-store.ts'
import type { FeedEvent } from './server-feed.ts'
import type { DeploymentSnapshot, ServerSnapshot, ServiceSnapshot } from './snapshot.ts'

export type FeedKind = 'deployments' | 'services'

export interface ServerCacheOptions {
  /** How long a kind's watch may stay broken before the cache stops vouching for itself. */
  staleAfterMs: number
  now: () => number
}

/** namespace -> name -> object. */
type Store<T> = Map<string, Map<string, T>>

/**
 * The MCP servers as the feed last reported them, keyed by namespace and name. Snapshots are
 * shared, not copied: callers read them and never change them. A Deployment this process
 * changed itself (read your writes) is served as written until the feed reports it at that
 * generation or later, so a read never goes back behind a write, nor behind a newer event.
 */
export class ServerCache {
  private readonly deployments: FeedStore<DeploymentSnapshot>
  private readonly services: FeedStore<ServiceSnapshot>
  private readonly written: Store<DeploymentSnapshot> = new Map()
  // Per namespace, rebuilt on the next read after a Service change: reads stay allocation-free.
  private readonly serviceLists = new Map<string, ServiceSnapshot[]>()
  /** `servers(namespace)` until the next change: the same array, so answers built from it can be kept. */
  private readonly serverLists = new Map<string, ServerSnapshot[]>()
  private readonly listeners = new Set<() => void>()

  private readonly options: ServerCacheOptions

  constructor(options: ServerCacheOptions) {
    this.options = options
    this.deployments = new FeedStore(options.now)
    this.services = new FeedStore(options.now)
  }

  /** True once both kinds were listed and neither watch has been failing longer than allowed. */
  isFresh(): boolean {
    const { staleAfterMs } = this.options
    return this.deployments.isFresh(staleAfterMs) && this.services.isFresh(staleAfterMs)
  }

  isSynced(): boolean {
    return this.deployments.isSynced() && this.services.isSynced()
  }

  applyDeployments(event: FeedEvent<DeploymentSnapshot>): void {
    if (!this.deployments.apply(event)) return
    if (event.type === 'delete')
      this.written.get(event.item.namespace)?.delete(event.item.object.name)
    this.notify()
  }

  applyServices(event: FeedEvent<ServiceSnapshot>): void {
    if (!this.services.apply(event)) return
    this.serviceLists.clear()
    this.notify()
  }

  /** Records a Deployment as this process's write answered it. */
  wrote(namespace: string, deployment: DeploymentSnapshot): void {
    place(this.written, namespace, deployment.name, deployment)
    this.notify()
  }

  /** The same array from one change to the next (callers never change it). */
  servers(namespace: string): ServerSnapshot[] {
    let list = this.serverLists.get(namespace)
    if (!list) {
      const services = this.servicesOf(namespace)
      const names = this.deployments.names(namespace)
      list = names.map((name) => ({ deployment: this.deployment(namespace, name)!, services }))
      this.serverLists.set(namespace, list)
    }
    return list
  }

  server(namespace: string, name: string): ServerSnapshot | undefined {
    const deployment = this.deployment(namespace, name)
    return deployment && { deployment, services: this.servicesOf(namespace) }
  }

  /** The namespaces that hold MCP servers now, sorted (a cache of every namespace). */
  namespaces(): string[] {
    return this.deployments.namespaces()
  }

  holdsServersIn(namespace: string): boolean {
    return this.deployments.holds(namespace)
  }

  /** Calls `listener` after every change; returns how to stop. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  private deployment(namespace: string, name: string): DeploymentSnapshot | undefined {
    const seen = this.deployments.get(namespace, name)
    const written = this.written.get(namespace)?.get(name)
    if (!seen || !written) return seen
    if (written.generation > seen.generation) return written
    this.written.get(namespace)?.delete(name)
    return seen
  }

  private servicesOf(namespace: string): ServiceSnapshot[] {
    let list = this.serviceLists.get(namespace)
    if (!list) {
      list = this.services.values(namespace)
      this.serviceLists.set(namespace, list)
    }
    return list
  }

  private notify(): void {
    this.serverLists.clear()
    for (const listener of this.listeners) listener()
  }
}

function place<T>(store: Store<T>, namespace: string, name: string, object: T): void {
  let names = store.get(namespace)
  if (!names) store.set(namespace, (names = new Map()))
  names.set(name, object)
}
