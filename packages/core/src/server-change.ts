import * as v from 'valibot'
import type { EndpointOptions } from './endpoints.ts'
import type { ServerSnapshot } from './snapshot.ts'
import { serverSummarySchema } from './view-schemas.ts'
import { lastActivity, toSummary } from './views.ts'

/**
 * One server as the change stream shows it: the summary of GET /servers and its last
 * activity. A change to any of these (status, replicas, endpoints, activity) is an event.
 */
export const serverWatchViewSchema = v.object({
  ...serverSummarySchema.entries,
  last_activity: v.nullable(v.pipe(v.string(), v.isoTimestamp())),
})

export type ServerWatchView = v.InferOutput<typeof serverWatchViewSchema>

/**
 * What the change stream sends: the whole (visible) list first, then one event per server
 * that changed, appeared or went away.
 */
export type ServerChange =
  | { type: 'list'; servers: ServerWatchView[] }
  | { type: 'server'; server: ServerWatchView }
  | { type: 'removed'; name: string }

export function toWatchView(server: ServerSnapshot, options?: EndpointOptions): ServerWatchView {
  return { ...toSummary(server, options), last_activity: lastActivity(server.deployment) }
}
