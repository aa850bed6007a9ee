import type { DiscoveryView } from './discovery-view.ts'
import { serverEndpoints, type EndpointOptions } from './endpoints.ts'
import type { DeploymentSnapshot, ServerSnapshot } from './snapshot.ts'
import { deriveStatus } from './status.ts'
import type { ServerStatusView, ServerSummary } from './view-schemas.ts'

/** Annotation a server (or its sidecar) may set to record when it last served a request. */
export const LAST_ACTIVITY_ANNOTATION = 'mcp-lifecycle/last-activity'

export function toSummary(server: ServerSnapshot, options?: EndpointOptions): ServerSummary {
  const d = server.deployment
  return {
    name: d.name,
    status: deriveStatus(d),
    replicas: d.desiredReplicas,
    ready_replicas: d.readyReplicas,
    endpoints: serverEndpoints(d, server.services, options),
  }
}

interface KeptView {
  services: ServerSnapshot['services']
  options: EndpointOptions | undefined
  view: ServerStatusView
}

// A cached server keeps its snapshots (the same objects) until it changes: its view is built once
// per change, not on each read. Keyed weakly: a live read's fresh snapshots are simply collected.
const keptViews = new WeakMap<ServerSnapshot['deployment'], KeptView>()

/**
 * The status view of a server. The same snapshots (and options) give the same view object, which
 * callers share and never change.
 */
export function toStatusView(server: ServerSnapshot, options?: EndpointOptions): ServerStatusView {
  const kept = keptViews.get(server.deployment)
  if (kept && kept.services === server.services && kept.options === options) return kept.view
  const view = buildStatusView(server, options)
  keptViews.set(server.deployment, { services: server.services, options, view })
  return view
}

const withDiscovery = new WeakMap<
  ServerStatusView,
  { discovery: DiscoveryView; view: ServerStatusView }
>()

/**
 * `view` with what this manager knows of the server's discovery, in a copy (the shared view is
 * never changed); the same copy while both stay the same objects, as the view itself.
 */
export function withDiscoveryView(
  view: ServerStatusView,
  discovery: DiscoveryView
): ServerStatusView {
  const kept = withDiscovery.get(view)
  if (kept?.discovery === discovery) return kept.view
  const copy = { ...view, discovery }
  withDiscovery.set(view, { discovery, view: copy })
  return copy
}

function buildStatusView(server: ServerSnapshot, options?: EndpointOptions): ServerStatusView {
  const d = server.deployment
  return {
    ...toSummary(server, options),
    available_replicas: d.availableReplicas,
    updated_replicas: d.updatedReplicas,
    last_activity: lastActivity(d),
    conditions: d.conditions.map((c) => ({
      type: c.type,
      status: c.status,
      reason: c.reason ?? null,
      message: c.message ?? null,
      last_transition_time: c.lastTransitionTime ?? null,
    })),
  }
}

/**
 * The newest of the conditions' transition times and the last-activity annotation, as an
 * ISO 8601 string; null when there is none. Unparseable times are ignored.
 */
export function lastActivity(d: DeploymentSnapshot): string | null {
  const candidates = [
    ...d.conditions.map((c) => c.lastTransitionTime),
    d.annotations[LAST_ACTIVITY_ANNOTATION],
  ]
  let newest: number | null = null
  for (const text of candidates) {
    if (!text) continue
    const time = Date.parse(text)
    if (!Number.isNaN(time) && (newest === null || time > newest)) newest = time
  }
  return newest === null ? null : new Date(newest).toISOString()
}
