/**
 * Plain data the backend fills from the cluster. Core logic reads only these types, never a
 * Kubernetes object, so it can be tested without one.
 */

export interface ConditionSnapshot {
  type: string
  status: string
  reason?: string
  message?: string
  lastTransitionTime?: string
  lastUpdateTime?: string
}

export interface DeploymentSnapshot {
  name: string
  /** Labels of the pod template: what a Service selector must match. */
  podLabels: Record<string, string>
  /** A hash of the pod template (image, args, env...); what kept discovery answers are keyed to. */
  templateHash?: string
  annotations: Record<string, string>
  generation: number
  observedGeneration: number
  /** spec.replicas: what the user asked for. */
  desiredReplicas: number
  /** status.replicas: pods that exist (not terminating). */
  currentReplicas: number
  readyReplicas: number
  availableReplicas: number
  updatedReplicas: number
  conditions: ConditionSnapshot[]
}

export interface ServicePortSnapshot {
  name?: string
  port: number
  nodePort?: number
  appProtocol?: string
}

export type ServiceType = 'ClusterIP' | 'NodePort' | 'LoadBalancer' | 'ExternalName'

export interface ServiceSnapshot {
  name: string
  namespace: string
  type: ServiceType
  /** Empty for a Service without a selector (ExternalName, or endpoints managed by hand). */
  selector: Record<string, string>
  annotations: Record<string, string>
  /** 'None' for a headless Service. */
  clusterIPs: string[]
  ports: ServicePortSnapshot[]
  externalName?: string
  loadBalancerIngress: { ip?: string; hostname?: string }[]
}

/**
 * One MCP server as seen in one read: its Deployment and the Services in its namespace that
 * may reach it (all of them, or only those that select it: core matches them either way).
 */
export interface ServerSnapshot {
  deployment: DeploymentSnapshot
  services: ServiceSnapshot[]
}
