import { LifecycleError } from './errors.ts'
import { PrincipalCounts } from './principal-counts.ts'

export interface StreamSlotLimits {
  /** Open streams in this process, every principal together. */
  max: number
  /** Open streams of one principal (by id). */
  perPrincipal: number
}

/** The bounds when the operator sets none (the settings are runtime's). */
export const DEFAULT_STREAM_LIMITS: StreamSlotLimits = { max: 256, perPrincipal: 32 }

/** What an open stream costs is small but not nothing: over a bound, retry after this long. */
const RETRY_AFTER_SECONDS = 5

/**
 * Bounds the long-lived streams (change streams, MCP subscriptions/listen) of the process and of
 * each principal, so no caller, and no crowd, can hold the manager's memory and CPU with
 * connections. In memory, per process. A principal's count is forgotten when it drops to zero.
 */
export class StreamSlots {
  private total = 0
  private readonly byPrincipal = new PrincipalCounts()
  private readonly limits: StreamSlotLimits

  constructor(limits: StreamSlotLimits) {
    this.limits = limits
  }

  /** Takes a slot for `principalId` (call the returned function to give it back), or throws 503. */
  acquire(principalId: string): () => void {
    const mine = this.byPrincipal.of(principalId)
    if (this.total >= this.limits.max) {
      throw tooMany(`Already ${this.limits.max} streams open on this server; retry later.`)
    }
    if (mine >= this.limits.perPrincipal) {
      throw tooMany(
        `'${principalId}' already has ${this.limits.perPrincipal} streams open; close one, or retry later.`
      )
    }
    this.total++
    const release = this.byPrincipal.add(principalId)
    return () => {
      if (release()) this.total--
    }
  }

  get inUse(): number {
    return this.total
  }
}

function tooMany(detail: string): LifecycleError {
  return new LifecycleError('unavailable', detail, {
    title: 'Too many streams',
    retryAfterSeconds: RETRY_AFTER_SECONDS,
  })
}
