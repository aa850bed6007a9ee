import type { V1Pod } from '@kubernetes/client-node'
import type { PodSnapshot } from '@mcp-lifecycle/core'

// Generated Kubernetes types stop here, as in to-snapshot.ts.

/** Dates may arrive as Date (deserialized by client-node) or string (raw watch events). */
function isoTime(value: Date | string | undefined): string | undefined {
  if (value === undefined) return undefined
  return value instanceof Date ? value.toISOString() : value
}

export function toPodSnapshot(pod: V1Pod): PodSnapshot {
  const status = pod.status ?? {}
  const conditions = (status.conditions ?? []).map((c) => ({
    type: c.type,
    status: c.status,
    ...(c.reason != null && { reason: c.reason }),
    ...(c.message != null && { message: c.message }),
    ...(c.lastTransitionTime != null && { lastTransitionTime: isoTime(c.lastTransitionTime) }),
  }))
  const statuses = [...(status.initContainerStatuses ?? []), ...(status.containerStatuses ?? [])]
  return {
    name: pod.metadata?.name ?? '',
    uid: pod.metadata?.uid ?? '',
    ...(status.podIP && { ip: status.podIP }),
    ready: conditions.some((c) => c.type === 'Ready' && c.status === 'True'),
    terminating: pod.metadata?.deletionTimestamp != null,
    ...(pod.spec?.hostNetwork === true && { hostNetwork: true }),
    ports: (pod.spec?.containers ?? []).flatMap((container) =>
      (container.ports ?? []).map((p) => ({
        containerPort: p.containerPort,
        ...(p.name != null && { name: p.name }),
      }))
    ),
    waiting: statuses.flatMap((s) =>
      s.state?.waiting?.reason
        ? [
            {
              container: s.name,
              reason: s.state.waiting.reason,
              ...(s.state.waiting.message != null && { message: s.state.waiting.message }),
            },
          ]
        : []
    ),
    conditions,
  }
}
