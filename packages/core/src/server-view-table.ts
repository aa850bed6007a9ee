import type { DiscoveryViews } from './discovery-summaries.ts'
import type { EndpointOptions } from './endpoints.ts'
import { toWatchView } from './server-change.ts'
import type { ChangeEventType, SharedChange } from './shared-change.ts'
import type { DeploymentSnapshot, ServerSnapshot, ServiceSnapshot } from './snapshot.ts'

interface Entry {
  deployment: DeploymentSnapshot
  services: ServiceSnapshot[]
  json: string
  /** The flush that last saw the server: older ones are gone. */
  seenAt: number
}

/** The change hub's state: each server's view, and the list event per access pattern. */
export interface ServerViewTable<F> {
  /** Records one flush of the whole list; returns what changed (nothing on the `first` list). */
  apply(servers: ServerSnapshot[], first: boolean): SharedChange<F>[]
  /** Views a known server again (what is known of its discovery changed); its change, if any. */
  review(name: string): SharedChange<F> | undefined
  /** The list event of the servers `visible` lets through, encoded once per state and pattern. */
  listFrame(pattern: string, visible: (name: string) => boolean): F
  clear(): void
}

/**
 * Each server's view and its encoded event are computed once per change; a snapshot handed
 * again unchanged (same objects: the cache shares them) is not even viewed again. With a
 * `namespace`, every event names it (the list, each server, each removal): a client following
 * several namespaces tells their servers apart.
 */
export function createServerViewTable<F>(
  encode: (type: ChangeEventType, json: string) => F,
  endpointOptions: EndpointOptions | undefined,
  discovery?: DiscoveryViews,
  namespace?: string
): ServerViewTable<F> {
  const named = namespace === undefined ? {} : { namespace }
  const listStart =
    namespace === undefined
      ? '{"servers":['
      : `{"namespace":${JSON.stringify(namespace)},"servers":[`
  const entries = new Map<string, Entry>()
  // Per pattern, the list event of the current state; emptied by any change.
  const lists = new Map<string, F>()
  let sortedNames: string[] | undefined
  let flushes = 0

  /** Records the server; returns its view when it changed. */
  function update(server: ServerSnapshot, flush: number): string | undefined {
    const { deployment, services } = server
    const old = entries.get(deployment.name)
    if (old) old.seenAt = flush
    if (old?.deployment === deployment && old.services === services) return undefined
    const json = JSON.stringify({ ...toWatchView(server, endpointOptions, discovery), ...named })
    if (old?.json === json) {
      Object.assign(old, { deployment, services })
      return undefined
    }
    entries.set(deployment.name, { deployment, services, json, seenAt: flush })
    if (!old) sortedNames = undefined
    return json
  }

  return {
    apply(servers, first) {
      const flush = ++flushes
      const changed: SharedChange<F>[] = []
      for (const server of servers) {
        const json = update(server, flush)
        if (json !== undefined && !first)
          changed.push({ name: server.deployment.name, frame: encode('server', json) })
      }
      for (const [name, entry] of entries) {
        if (entry.seenAt === flush) continue
        entries.delete(name)
        sortedNames = undefined
        changed.push({ name, frame: encode('removed', JSON.stringify({ name, ...named })) })
      }
      if (changed.length > 0) lists.clear()
      return changed
    },

    review(name) {
      const entry = entries.get(name)
      if (!entry) return undefined
      const view = toWatchView(entry, endpointOptions, discovery)
      const json = JSON.stringify(view)
      if (json === entry.json) return undefined
      entry.json = json
      lists.clear()
      return { name, frame: encode('server', json) }
    },

    listFrame(pattern, visible) {
      if (lists.has(pattern)) return lists.get(pattern)!
      sortedNames ??= [...entries.keys()].sort()
      const views = sortedNames.filter(visible).map((name) => entries.get(name)!.json)
      const frame = encode('list', `${listStart}${views.join(',')}]}`)
      lists.set(pattern, frame)
      return frame
    },

    clear() {
      entries.clear()
      lists.clear()
      sortedNames = undefined
    },
  }
}
