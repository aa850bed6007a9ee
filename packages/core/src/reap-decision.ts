import { idleTimeoutMs } from './idle-timeout.ts'
import type { ServerActivity } from './server-activity.ts'
import type { DeploymentSnapshot } from './snapshot.ts'
import { lastActivity } from './views.ts'

/**
 * Whether the reaper stops a server, the first matching row deciding:
 *
 * | # | when                                                         | decision | reason       |
 * |---|--------------------------------------------------------------|----------|--------------|
 * | 1 | no valid `mcp-lifecycle/idle-timeout` annotation             | keep     | `opted-out`  |
 * | 2 | 0 desired replicas                                           | keep     | `stopped`    |
 * | 3 | a request in flight (an open SSE stream is one)              | keep     | `in-flight`  |
 * | 4 | a 2025 session seen within the timeout                       | keep     | `session`    |
 * | 5 | no activity time known at all                                | keep     | `unknown`    |
 * | 6 | last activity within the timeout                             | keep     | `active`     |
 * | 7 | otherwise                                                    | stop     | `idle`       |
 *
 * Last activity is the newest of the annotation `mcp-lifecycle/last-activity`, the Deployment's
 * condition transitions (so a server just started by hand is not stopped at once) and what
 * this process saw. Without a long-running manager (the serverless reaper) rows 3 and 4 only
 * see what the annotation recorded.
 */
export type ReapReason =
  'opted-out' | 'stopped' | 'in-flight' | 'session' | 'unknown' | 'active' | 'idle'

export interface ReapDecision {
  stop: boolean
  reason: ReapReason
  /** Idle for this long (ms), when known. */
  idleMs?: number
}

export interface ReapInput {
  deployment: DeploymentSnapshot
  /** What a long-running manager saw; absent for the serverless reaper. */
  activity?: ServerActivity
  now: number
}

export function decideReap({ deployment, activity, now }: ReapInput): ReapDecision {
  const timeout = idleTimeoutMs(deployment.annotations)
  if (timeout === undefined) return { stop: false, reason: 'opted-out' }
  if (deployment.desiredReplicas === 0) return { stop: false, reason: 'stopped' }
  if ((activity?.inFlight ?? 0) > 0) return { stop: false, reason: 'in-flight' }
  if (activity?.sessionsSeen.some((seen) => now - seen < timeout)) {
    return { stop: false, reason: 'session' }
  }
  const persisted = lastActivity(deployment)
  const times = [persisted === null ? undefined : Date.parse(persisted), activity?.lastActivity]
  const known = times.filter((t): t is number => t !== undefined)
  if (known.length === 0) return { stop: false, reason: 'unknown' }
  const idleMs = now - Math.max(...known)
  return idleMs < timeout
    ? { stop: false, reason: 'active', idleMs }
    : { stop: true, reason: 'idle', idleMs }
}
