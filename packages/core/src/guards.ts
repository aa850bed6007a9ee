import { LifecycleError } from './errors.ts'

/**
 * A token bucket per key (a principal id): `capacity` requests at once, refilled at
 * `perMinute` a minute. In memory, per process: each replica limits on its own.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>()
  private readonly capacity: number
  private readonly perMinute: number
  private readonly now: () => number

  constructor(capacity: number, perMinute: number, now: () => number = Date.now) {
    this.capacity = capacity
    this.perMinute = perMinute
    this.now = now
  }

  /** Takes one token for `key`, or throws 'rate-limited'. */
  take(key: string): void {
    const now = this.now()
    const bucket = this.buckets.get(key) ?? { tokens: this.capacity, at: now }
    const refilled = Math.min(
      this.capacity,
      bucket.tokens + ((now - bucket.at) / 60_000) * this.perMinute
    )
    if (refilled < 1) {
      this.buckets.set(key, { tokens: refilled, at: now })
      throw new LifecycleError(
        'rate-limited',
        `Too many changes by '${key}'; retry in a few seconds.`
      )
    }
    this.buckets.set(key, { tokens: refilled - 1, at: now })
  }
}

/** Bounds the waits in progress: each holds a watch open. */
export class WaitSlots {
  private used = 0
  private readonly max: number

  constructor(max: number) {
    this.max = max
  }

  /** Takes a slot (call the returned function to give it back), or throws 'unavailable'. */
  acquire(): () => void {
    if (this.used >= this.max) {
      throw new LifecycleError(
        'unavailable',
        `Already ${this.max} waits in progress; retry, or call without wait_ready.`,
        { title: 'Too many waits in progress' }
      )
    }
    this.used++
    let released = false
    return () => {
      if (!released) ((released = true), this.used--)
    }
  }

  get inUse(): number {
    return this.used
  }
}
