import type { FeedEvent, Placed } from './server-feed.ts'
import type { DeploymentSnapshot, ServerSnapshot, ServiceSnapshot } from './snapshot.ts'

export type FeedKind = 'deployments' | 'services'

export interface ServerCacheOptions {
  /** How long a kind's watch may stay broken before the cache stops vouching for itself. */
  staleAfterMs: number
  now: () => number
}

interface KindState {
  synced: boolean
  /** When the current run of failures began; absent while the watch works. */
  failingSince?: number
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
  private readonly deployments: Store<DeploymentSnapshot> = new Map()
  private readonly services: Store<ServiceSnapshot> = new Map()
  private readonly written: Store<DeploymentSnapshot> = new Map()
  // Per namespace, rebuilt on the next read after a Service change: reads stay allocation-free.
  private readonly serviceLists = new Map<string, ServiceSnapshot[]>()
  /** `servers(namespace)` until the next change: the same array, so answers built from it can be kept. */
  private readonly serverLists = new Map<string, ServerSnapshot[]>()
  private readonly state: Record<FeedKind, KindState> = {
    deployments: { synced: false },
    services: { synced: false },
  }
  private readonly listeners = new Set<() => void>()

  private readonly options: ServerCacheOptions

  constructor(options: ServerCacheOptions) {
    this.options = options
  }

  /** True once both kinds were listed and neither watch has been failing longer than allowed. */
  isFresh(): boolean {
    const now = this.options.now()
    return Object.values(this.state).every(
      (s) =>
        s.synced &&
        (s.failingSince === undefined || now - s.failingSince <= this.options.staleAfterMs)
    )
  }

  isSynced(): boolean {
    return this.state.deployments.synced && this.state.services.synced
  }

  applyDeployments(event: FeedEvent<DeploymentSnapshot>): void {
    this.apply('deployments', this.deployments, event)
  }

  applyServices(event: FeedEvent<ServiceSnapshot>): void {
    if (event.type === 'list' || event.type === 'upsert' || event.type === 'delete')
      this.serviceLists.clear()
    this.apply('services', this.services, event)
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
      const names = [...(this.deployments.get(namespace)?.keys() ?? [])]
      list = names.map((name) => ({ deployment: this.deployment(namespace, name)!, services }))
      this.serverLists.set(namespace, list)
    }
    return list
  }

  server(namespace: string, name: string): ServerSnapshot | undefined {
    const deployment = this.deployment(namespace, name)
    return deployment && { deployment, services: this.servicesOf(namespace) }
  }

  /** Calls `listener` after every change; returns how to stop. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  private deployment(namespace: string, name: string): DeploymentSnapshot | undefined {
    const seen = this.deployments.get(namespace)?.get(name)
    const written = this.written.get(namespace)?.get(name)
    if (!seen || !written) return seen
    if (written.generation > seen.generation) return written
    this.written.get(namespace)?.delete(name)
    return seen
  }

  private servicesOf(namespace: string): ServiceSnapshot[] {
    let list = this.serviceLists.get(namespace)
    if (!list) {
      list = [...(this.services.get(namespace)?.values() ?? [])]
      this.serviceLists.set(namespace, list)
    }
    return list
  }

  private apply<T extends { name: string }>(
    kind: FeedKind,
    store: Store<T>,
    event: FeedEvent<T>
  ): void {
    const state = this.state[kind]
    if (event.type === 'failed') {
      state.failingSince ??= this.options.now()
      return
    }
    delete state.failingSince
    if (event.type === 'connected') return
    if (event.type === 'list') {
      store.clear()
      for (const item of event.items) placeItem(store, item)
      state.synced = true
    } else if (event.type === 'upsert') {
      placeItem(store, event.item)
    } else {
      store.get(event.item.namespace)?.delete(event.item.object.name)
      if (kind === 'deployments')
        this.written.get(event.item.namespace)?.delete(event.item.object.name)
    }
    this.notify()
  }

  private notify(): void {
    this.serverLists.clear()
    for (const listener of this.listeners) listener()
  }
}

function placeItem<T extends { name: string }>(store: Store<T>, item: Placed<T>): void {
  place(store, item.namespace, item.object.name, item.object)
}

function place<T>(store: Store<T>, namespace: string, name: string, object: T): void {
  let names = store.get(namespace)
  if (!names) store.set(namespace, (names = new Map()))
  names.set(name, object)
}
