import { namePredicate, type LifecycleBackend } from '@mcp-lifecycle/core'
import type { ServerEvent, ServerEventBus } from '@modelcontextprotocol/server'
import { followStatusChanges } from './follow-status-changes.ts'
import { SERVERS_URI, serverNameOf, serverUri } from './status-resources.ts'

/** The status changes of subscriptions/listen streams, one bus per server-name pattern. */
export interface StatusEvents {
  /**
   * The bus for callers limited to `pattern` (absent: every server): resources/updated only
   * for the servers it matches, and for the list only when one of those changed.
   */
  forPattern(pattern: string | undefined): ServerEventBus
}

/**
 * The event source of the 2026-07-28 subscriptions/listen streams, fed by the backend: it
 * watches the servers while at least one stream is open (one watch for all of them), and each
 * stream hears only of the servers its caller may see. No stream open, no watch.
 */
export function createStatusEvents(backend: LifecycleBackend): StatusEvents {
  const listeners = new Set<(uris: string[]) => void>()
  let watch: AbortController | undefined
  const subscribe = (listener: (uris: string[]) => void) => {
    listeners.add(listener)
    if (!watch) {
      const controller = new AbortController()
      watch = controller
      void followStatusChanges(backend, controller.signal, (uris) => {
        for (const each of listeners) each(uris)
      })
    }
    return () => {
      if (listeners.delete(listener) && listeners.size === 0) {
        watch?.abort()
        watch = undefined
      }
    }
  }
  return {
    forPattern(pattern) {
      const visible = namePredicate(pattern)
      return {
        // The SDK's own notify sugar is not used: every event comes from the watch.
        publish: () => {},
        subscribe(listener) {
          let live = true
          const stop = subscribe((uris) => {
            for (const event of visibleEvents(uris, visible)) if (live) listener(event)
          })
          return () => {
            live = false
            stop()
          }
        },
      }
    },
  }
}

function visibleEvents(uris: string[], visible: (name: string) => boolean): ServerEvent[] {
  const servers = uris
    .map(serverNameOf)
    .filter((name): name is string => name !== undefined && visible(name))
  if (servers.length === 0) return []
  return [SERVERS_URI, ...servers.map(serverUri)].map((uri) => ({
    kind: 'resource_updated',
    uri,
  }))
}
