import type { OperationServices, Principal } from '@mcp-lifecycle/core'
import type { ServerEvent, ServerEventBus } from '@modelcontextprotocol/server'
import { createStatusHubs, followStatusChanges } from './follow-status-changes.ts'

/** The status changes of subscriptions/listen streams, one bus per server-name pattern. */
export interface StatusEvents {
  /**
   * The bus for callers limited to `pattern` (absent: every server of every managed
   * namespace): resources/updated only for the servers it matches, in the namespaces it gives,
   * and for a namespace's list only when one of those changed.
   */
  forPattern(pattern: string | undefined): ServerEventBus
}

/**
 * The event source of the 2026-07-28 subscriptions/listen streams, fed by the backends: each
 * namespace is watched while at least one stream follows it (one watch for all of them, through
 * its change hub), and each stream hears only of the servers its caller may see. No stream
 * open, no watch.
 */
export function createStatusEvents(services: OperationServices): StatusEvents {
  const hubs = createStatusHubs()
  return {
    forPattern(pattern) {
      const principal = principalOf(pattern)
      return {
        // The SDK's own notify sugar is not used: every event comes from the watch.
        publish: () => {},
        subscribe(listener) {
          const following = new AbortController()
          void followStatusChanges({ services, hubs, principal }, following.signal, (uris) => {
            if (following.signal.aborted) return
            for (const uri of uris) listener(resourceUpdated(uri))
          })
          return () => following.abort()
        },
      }
    },
  }
}

/**
 * What the hubs filter by: every scope may read, so only the pattern decides what a caller
 * sees, and the streams of one pattern share a bus.
 */
function principalOf(pattern: string | undefined): Principal | undefined {
  if (pattern === undefined || pattern === '*') return undefined
  return { id: `listen:${pattern}`, scope: 'read', servers: pattern }
}

const resourceUpdated = (uri: string): ServerEvent => ({ kind: 'resource_updated', uri })
