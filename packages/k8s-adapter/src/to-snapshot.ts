import type { V1Deployment, V1Service } from '@kubernetes/client-node'
import type { DeploymentSnapshot, ServiceSnapshot, ServiceType } from '@mcp-lifecycle/core'
import { ownAnnotations } from './read-fields.ts'
import { templateHash } from './template-hash.ts'

// Generated Kubernetes types stop here: everything past this file speaks core snapshots.

/** Dates may arrive as Date (deserialized by client-node) or string (raw watch events). */
function isoTime(value: Date | string | undefined): string | undefined {
  if (value === undefined) return undefined
  return value instanceof Date ? value.toISOString() : value
}

export function toDeploymentSnapshot(deployment: V1Deployment): DeploymentSnapshot {
  const status = deployment.status ?? {}
  return {
    name: deployment.metadata?.name ?? '',
    podLabels: deployment.spec?.template.metadata?.labels ?? {},
    templateHash: templateHash(deployment.spec?.template),
    // Only the system's own: a cached snapshot never keeps kubectl's copy of the whole object.
    annotations: ownAnnotations(deployment.metadata?.annotations),
    generation: deployment.metadata?.generation ?? 0,
    observedGeneration: status.observedGeneration ?? 0,
    // An unset spec.replicas means 1 (the API server defaults it).
    desiredReplicas: deployment.spec?.replicas ?? 1,
    currentReplicas: status.replicas ?? 0,
    readyReplicas: status.readyReplicas ?? 0,
    availableReplicas: status.availableReplicas ?? 0,
    updatedReplicas: status.updatedReplicas ?? 0,
    conditions: (status.conditions ?? []).map((c) => ({
      type: c.type,
      status: c.status,
      ...(c.reason !== undefined && { reason: c.reason }),
      ...(c.message !== undefined && { message: c.message }),
      ...(c.lastTransitionTime !== undefined && {
        lastTransitionTime: isoTime(c.lastTransitionTime),
      }),
      ...(c.lastUpdateTime !== undefined && { lastUpdateTime: isoTime(c.lastUpdateTime) }),
    })),
  }
}

export function toServiceSnapshot(service: V1Service): ServiceSnapshot {
  const spec = service.spec ?? {}
  const clusterIPs = spec.clusterIPs ?? (spec.clusterIP ? [spec.clusterIP] : [])
  return {
    name: service.metadata?.name ?? '',
    namespace: service.metadata?.namespace ?? '',
    type: (spec.type ?? 'ClusterIP') as ServiceType,
    selector: spec.selector ?? {},
    annotations: ownAnnotations(service.metadata?.annotations),
    clusterIPs: spec.type === 'ExternalName' ? [] : clusterIPs,
    ports: (spec.ports ?? []).map((p) => ({
      port: p.port,
      ...(p.name !== undefined && { name: p.name }),
      ...(p.nodePort !== undefined && { nodePort: p.nodePort }),
      ...(p.appProtocol !== undefined && { appProtocol: p.appProtocol }),
    })),
    ...(spec.externalName !== undefined && { externalName: spec.externalName }),
    loadBalancerIngress: (service.status?.loadBalancer?.ingress ?? []).map((i) => ({
      ...(i.ip !== undefined && { ip: i.ip }),
      ...(i.hostname !== undefined && { hostname: i.hostname }),
    })),
  }
}
