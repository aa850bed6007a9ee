import type { ConditionSnapshot } from './snapshot.ts'

/** A container port as the pod spec declares it. */
export interface PodPortSnapshot {
  name?: string
  containerPort: number
}

/** Why a container is not running yet, as the kubelet reports it (`state.waiting`). */
export interface ContainerWaitingSnapshot {
  container: string
  reason: string
  message?: string
}

/** One pod of an MCP server, as the activator needs it: where it listens and whether it can. */
export interface PodSnapshot {
  name: string
  uid: string
  /** status.podIP; absent until the pod has one. */
  ip?: string
  /** The Ready condition is True. */
  ready: boolean
  /** deletionTimestamp is set: the pod is going away. */
  terminating: boolean
  /** spec.hostNetwork: the pod IP is the node's, and every port of the node is behind it. */
  hostNetwork?: boolean
  /** The ports of every container, in declaration order. */
  ports: PodPortSnapshot[]
  waiting: ContainerWaitingSnapshot[]
  conditions: ConditionSnapshot[]
}
