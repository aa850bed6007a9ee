import type { FeedEvent, Placed } from './server-feed.ts'

/**
 * The objects of one kind as its feed (ServerFeed) last reported them, by namespace and name,
 * and how well that feed follows them: listed at least once, answered since its last failure,
 * or failing since when. Snapshots are kept as reported, not copied: readers never change them.
 * The cache of MCP servers keeps one per kind; the adapter's followed Services keep one too.
 */
export class FeedStore<T extends { name: string }> {
  private readonly objects = new Map<string, Map<string, T>>()
  private synced = false
  private following = false
  /** When the current run of failures began; absent while the watch works. */
  private failingSince: number | undefined
  private readonly now: () => number

  constructor(now: () => number) {
    this.now = now
  }

  /** Takes in one event of the feed; true when the objects changed. */
  apply(event: FeedEvent<T>): boolean {
    if (event.type === 'failed') {
      this.failingSince ??= this.now()
      this.following = false
      return false
    }
    this.failingSince = undefined
    if (event.type === 'connected') {
      this.following = true
      return false
    }
    if (event.type === 'list') {
      this.objects.clear()
      for (const item of event.items) this.place(item)
      this.synced = true
    } else if (event.type === 'upsert') this.place(event.item)
    else this.objects.get(event.item.namespace)?.delete(event.item.object.name)
    return true
  }

  /** Listed at least once. */
  isSynced(): boolean {
    return this.synced
  }

  /** Listed, and its watch not failing for longer than `staleAfterMs`. */
  isFresh(staleAfterMs: number): boolean {
    const failing = this.failingSince
    return this.synced && (failing === undefined || this.now() - failing <= staleAfterMs)
  }

  /** A watch was answered since the last failure: changes are followed as they come. */
  isFollowing(): boolean {
    return this.following
  }

  get(namespace: string, name: string): T | undefined {
    return this.objects.get(namespace)?.get(name)
  }

  /** The namespaces that hold at least one object, sorted. */
  namespaces(): string[] {
    const held = [...this.objects].filter(([, names]) => names.size > 0)
    return held.map(([namespace]) => namespace).sort()
  }

  holds(namespace: string): boolean {
    return (this.objects.get(namespace)?.size ?? 0) > 0
  }

  names(namespace: string): string[] {
    return [...(this.objects.get(namespace)?.keys() ?? [])]
  }

  /** A new array each call. */
  values(namespace: string): T[] {
    return [...(this.objects.get(namespace)?.values() ?? [])]
  }

  private place(item: Placed<T>): void {
    let names = this.objects.get(item.namespace)
    if (!names) this.objects.set(item.namespace, (names = new Map()))
    names.set(item.object.name, item.object)
  }
}
