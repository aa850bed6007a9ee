import type { DeploymentSnapshot } from './snapshot.ts'

/**
 * The status of an MCP server, derived from its Deployment. Rules, first match wins:
 *
 * | status    | rule                                                                          |
 * |-----------|-------------------------------------------------------------------------------|
 * | failed    | condition Progressing=False with reason ProgressDeadlineExceeded,              |
 * |           | or condition ReplicaFailure=True                                               |
 * | stopped   | desired == 0 and current == 0 (no pods left)                                   |
 * | running   | desired > 0, ready == desired, current == desired, and the controller has     |
 * |           | observed the latest spec (observedGeneration >= generation)                   |
 * | pending   | desired > 0 and ready == 0                                                     |
 * | scaling   | anything else: desired differs from ready or current, or the spec is not yet  |
 * |           | observed (includes desired == 0 with pods still terminating)                  |
 *
 * desired = spec.replicas, current = status.replicas, ready = status.readyReplicas.
 */
export type ServerStatus = 'running' | 'stopped' | 'scaling' | 'pending' | 'failed'

export const SERVER_STATUSES: readonly ServerStatus[] = [
  'running',
  'stopped',
  'scaling',
  'pending',
  'failed',
]

export function deriveStatus(d: DeploymentSnapshot): ServerStatus {
  if (hasFailed(d)) return 'failed'
  if (d.desiredReplicas === 0 && d.currentReplicas === 0) return 'stopped'
  const observed = d.observedGeneration >= d.generation
  if (
    d.desiredReplicas > 0 &&
    observed &&
    d.readyReplicas === d.desiredReplicas &&
    d.currentReplicas === d.desiredReplicas
  ) {
    return 'running'
  }
  if (d.desiredReplicas > 0 && d.readyReplicas === 0) return 'pending'
  return 'scaling'
}

function hasFailed(d: DeploymentSnapshot): boolean {
  return d.conditions.some(
    (c) =>
      (c.type === 'Progressing' &&
        c.status === 'False' &&
        c.reason === 'ProgressDeadlineExceeded') ||
      (c.type === 'ReplicaFailure' && c.status === 'True')
  )
}

/** True when a wait for `replicas` ready pods is over: running at that count, or stopped at 0. */
export function hasReached(d: DeploymentSnapshot, replicas: number): boolean {
  const status = deriveStatus(d)
  if (replicas === 0) return status === 'stopped'
  return status === 'running' && d.desiredReplicas === replicas
}
