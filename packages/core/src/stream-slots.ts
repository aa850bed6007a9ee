import { LifecycleError } from './errors.ts'

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
  private readonly byPrincipal = new Map<string, number>()
  private readonly limits: StreamSlotLimits

  constructor(limits: StreamSlotLimits) {
    this.limits = limits
  }

  /** Takes a slot for `principalId` (call the returned function to give it back), or throws 503. */
  acquire(principalId: string): () => void {
    const mine = this.byPrincipal.get(principalId) ?? 0
    if (this.total >= this.limits.max) {
      throw tooMany(`Already ${this.limits.max} streams open on this server; retry later.`)
    }
    if (mine >= this.limits.perPrincipal) {
      throw tooMany(
        `'${principalId}' already has ${this.limits.perPrincipal} streams open; close one, or retry later.`
      )
    }
    this.total++
    this.byPrincipal.set(principalId, mine + 1)
    let released = false
    return () => {
      if (released) return
      released = true
      this.total--
      const left = (this.byPrincipal.get(principalId) ?? 1) - 1
      if (left === 0) this.byPrincipal.delete(principalId)
      else this.byPrincipal.set(principalId, left)
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
