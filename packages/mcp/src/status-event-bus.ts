import type { LifecycleBackend } from '@mcp-lifecycle/core'
import { InMemoryServerEventBus, type ServerEventBus } from '@modelcontextprotocol/server'
import { followStatusChanges } from './follow-status-changes.ts'

/**
 * The event bus of the 2026-07-28 subscriptions/listen streams, fed by the backend: it watches
 * the servers while at least one stream is open, and publishes resources/updated for each
 * status resource that changed. No stream open, no watch.
 */
export function createStatusEventBus(backend: LifecycleBackend): ServerEventBus {
  const bus = new InMemoryServerEventBus()
  let listeners = 0
  let watch: AbortController | undefined
  return {
    publish: (event) => bus.publish(event),
    subscribe(listener) {
      const unsubscribe = bus.subscribe(listener)
      if (listeners++ === 0) {
        const controller = new AbortController()
        watch = controller
        void followStatusChanges(backend, controller.signal, (uris) => {
          for (const uri of uris) bus.publish({ kind: 'resource_updated', uri })
        })
      }
      let done = false
      return () => {
        if (done) return
        done = true
        unsubscribe()
        if (--listeners === 0) watch?.abort()
      }
    },
  }
}
