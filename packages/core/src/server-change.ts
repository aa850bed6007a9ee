import * as v from 'valibot'
import type { DiscoveryViews } from './discovery-summaries.ts'
import { discoveryViewSchema } from './discovery-view.ts'
import type { EndpointOptions } from './endpoints.ts'
import { IDLE_TIMEOUT_ANNOTATION, idleTimeoutMs } from './idle-timeout.ts'
import type { DeploymentSnapshot, ServerSnapshot } from './snapshot.ts'
import { serverSummarySchema } from './view-schemas.ts'
import { lastActivity, toSummary } from './views.ts'

/**
 * One server as the change stream shows it: the summary of GET /servers, its last activity
 * and its idle timeout. A change to any of these (status, replicas, endpoints, activity,
 * timeout) is an event.
 */
export const serverWatchViewSchema = v.object({
  ...serverSummarySchema.entries,
  last_activity: v.nullable(v.pipe(v.string(), v.isoTimestamp())),
  /** `mcp-lifecycle/idle-timeout` as written (`15m`); null when absent or not a duration. */
  idle_timeout: v.nullable(v.string()),
  /** Discovery answers kept for the server (issue 30), when this manager knows. */
  discovery: v.optional(discoveryViewSchema),
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

export function toWatchView(
  server: ServerSnapshot,
  options?: EndpointOptions,
  discoveryViews?: DiscoveryViews
): ServerWatchView {
  const d = server.deployment
  const discovery = discoveryViews?.view(d)
  return {
    ...toSummary(server, options),
    last_activity: lastActivity(d),
    idle_timeout: idleTimeout(d),
    ...(discovery && { discovery }),
  }
}

/** The reaper ignores a value that does not parse, so the view shows none rather than it. */
function idleTimeout(d: DeploymentSnapshot): string | null {
  const text = d.annotations[IDLE_TIMEOUT_ANNOTATION]
  return idleTimeoutMs(d.annotations) === undefined ? null : text!.trim()
}
