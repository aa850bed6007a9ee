import { LifecycleError } from './errors.ts'

/** Keys tracked at once: JWT subjects are as many as an issuer mints. */
const MAX_TRACKED_KEYS = 10_000

/**
 * A token bucket per key (a principal id): `capacity` requests at once, refilled at
 * `perMinute` a minute. In memory, per process: each replica limits on its own. Bounded: a
 * full bucket is the same as none, so full ones are dropped first, then the least recently
 * used.
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
    // Delete then set: the map's order is then the order of last use.
    this.buckets.delete(key)
    if (refilled < 1) {
      this.buckets.set(key, { tokens: refilled, at: now })
      throw new LifecycleError(
        'rate-limited',
        `Too many changes by '${key}'; retry in a few seconds.`
      )
    }
    this.buckets.set(key, { tokens: refilled - 1, at: now })
    if (this.buckets.size > MAX_TRACKED_KEYS) this.prune(now)
  }

  /** How many keys are tracked now. */
  get trackedKeys(): number {
    return this.buckets.size
  }

  private prune(now: number): void {
    for (const [key, bucket] of this.buckets) {
      const tokens = bucket.tokens + ((now - bucket.at) / 60_000) * this.perMinute
      if (tokens >= this.capacity) this.buckets.delete(key)
    }
    // Down to nine tenths, so that the next prune is a thousand callers away.
    for (const key of this.buckets.keys()) {
      if (this.buckets.size <= MAX_TRACKED_KEYS * 0.9) break
      this.buckets.delete(key)
    }
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
