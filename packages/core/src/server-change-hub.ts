import { namePredicate, visibleIn, type Principal, type Where } from './access.ts'
import type { LifecycleBackend } from './backend.ts'
import type { DiscoveryViews } from './discovery-summaries.ts'
import type { EndpointOptions } from './endpoints.ts'
import { followCoalesced } from './follow-coalesced.ts'
import { createServerViewTable } from './server-view-table.ts'
import type { ServerSnapshot } from './snapshot.ts'

import type { ChangeEventType, SharedChange } from './shared-change.ts'

export type { ChangeEventType, SharedChange } from './shared-change.ts'

/** What a subscriber is told: its list once, then the changes it may see, until the end. */
export interface ChangeListener<F> {
  /** `namespace`: which one's list, in a stream of several (each list replaces that one's). */
  list(frame: F, namespace?: string): void
  /** The changes of one flush that the subscriber may see; never empty. */
  changes(changes: SharedChange<F>[]): void
  /** The watch ended (`error` when it failed): the subscription is over. */
  ended(error?: unknown): void
}

export interface ServerChangeHubOptions<F> {
  backend: LifecycleBackend
  /** Encodes one event for the wire (`json` is its data); called once per change. */
  encode: (type: ChangeEventType, json: string) => F
  endpointOptions?: EndpointOptions
  /** Changes that arrive within this long are sent together, the latest per server. */
  coalesceMs?: number
  /** The namespace the backend is confined to: a principal's pattern is read for it, and every event names it. */
  where?: Where
  /** What the manager knows of the servers' kept discovery: a change of it is an event too. */
  discovery?: DiscoveryViews
}

export interface ServerChangeHub<F> {
  /** Follows the servers `principal` may see; returns how to stop. */
  subscribe(principal: Principal | undefined, listener: ChangeListener<F>): () => void
}

/** Short enough to feel live, long enough that a burst of changes is one round per stream. */
export const DEFAULT_COALESCE_MS = 100

interface Subscriber<F> {
  visible: (name: string) => boolean
  pattern: string
  listener: ChangeListener<F>
  listed: boolean
}

/**
 * The change streams' one watch of the servers, shared: each server's view and its encoded
 * event are computed once per change whatever the number of streams, and each stream only
 * filters them by its principal's pattern. Changes are coalesced (latest per server, flushed
 * every `coalesceMs`), so a burst is a few rounds, not one per change. A snapshot the backend
 * hands again unchanged (same objects: the cache shares them) is not even viewed again.
 * Watches while someone subscribes; when the watch ends or fails, every subscription ends.
 */
export function createServerChangeHub<F>(options: ServerChangeHubOptions<F>): ServerChangeHub<F> {
  const { backend, encode, endpointOptions, discovery } = options
  const coalesceMs = options.coalesceMs ?? DEFAULT_COALESCE_MS
  const subscribers = new Set<Subscriber<F>>()
  const table = createServerViewTable(encode, endpointOptions, discovery, options.where?.namespace)
  // True once the watch's first list was flushed: a subscriber then gets its list at once.
  let ready = false
  let watch: AbortController | undefined
  const reviews = coalescedReviews(coalesceMs, (names) => send(names.flatMap(review)))
  const review = (name: string) => table.review(name) ?? []
  const listFrame = (subscriber: Subscriber<F>) =>
    table.listFrame(subscriber.pattern, subscriber.visible)

  function flush(servers: ServerSnapshot[]): void {
    // The first list of a watch is no change: it is only sent as lists.
    const first = !ready
    ready = true
    send(table.apply(servers, first))
  }

  function send(changed: SharedChange<F>[]): void {
    for (const subscriber of subscribers) {
      if (!subscriber.listed) {
        if (!ready) continue
        subscriber.listed = true
        subscriber.listener.list(listFrame(subscriber))
        continue
      }
      const visible = changed.filter((change) => subscriber.visible(change.name))
      if (visible.length > 0) subscriber.listener.changes(visible)
    }
  }

  function end(error?: unknown): void {
    const ended = [...subscribers]
    stop()
    for (const subscriber of ended) subscriber.listener.ended(error)
  }

  function stop(): void {
    reviews.stop()
    watch?.abort()
    watch = undefined
    subscribers.clear()
    table.clear()
    ready = false
  }

  async function follow(signal: AbortSignal): Promise<void> {
    try {
      await followCoalesced(backend, signal, coalesceMs, flush)
      if (!signal.aborted) end()
    } catch (error) {
      if (!signal.aborted) end(error)
    }
  }

  return {
    subscribe(principal, listener) {
      const subscriber = subscriberOf(principal, listener, options.where)
      subscribers.add(subscriber)
      if (!watch) {
        watch = new AbortController()
        reviews.start(discovery)
        void follow(watch.signal)
      } else if (ready) {
        subscriber.listed = true
        listener.list(listFrame(subscriber))
      }
      return () => {
        if (subscribers.delete(subscriber) && subscribers.size === 0) stop()
      }
    },
  }
}

/** A new subscriber of `principal`: what it may see, and its list not sent yet. */
function subscriberOf<F>(
  principal: Principal | undefined,
  listener: ChangeListener<F>,
  where: Where | undefined
): Subscriber<F> {
  return {
    visible: where ? visibleIn(principal, where) : namePredicate(principal?.servers),
    pattern: principal?.servers ?? '*',
    listener,
    listed: false,
  }
}

/**
 * The servers whose discovery summary changed, gathered for `coalesceMs` (a refresh keeps
 * several answers in a row) and handed on together, while started.
 */
function coalescedReviews(coalesceMs: number, onNames: (names: string[]) => void) {
  const pending = new Set<string>()
  let timer: ReturnType<typeof setTimeout> | undefined
  let unsubscribe: (() => void) | undefined
  const flush = () => {
    timer = undefined
    const names = [...pending]
    pending.clear()
    onNames(names)
  }
  return {
    start(discovery: DiscoveryViews | undefined) {
      unsubscribe = discovery?.onChange((name) => {
        pending.add(name)
        timer ??= setTimeout(flush, coalesceMs)
      })
    },
    stop() {
      unsubscribe?.()
      unsubscribe = undefined
      clearTimeout(timer)
      timer = undefined
      pending.clear()
    },
  }
}
