import { describe, expect, it } from 'vitest'
import { RateLimiter, WaitSlots } from './guards.ts'

describe('RateLimiter', () => {
  it('tracks a bounded number of callers (JWT subjects are as many as an issuer mints)', () => {
    let now = 0
    const limiter = new RateLimiter(2, 60, () => now)
    for (let i = 0; i < 25_000; i++) limiter.take(`subject-${i}`)
    expect(limiter.trackedKeys).toBeLessThanOrEqual(10_000)
    // The most recent caller is still limited.
    limiter.take('subject-24999')
    expect(() => limiter.take('subject-24999')).toThrow(/Too many changes/)
    now += 60_000
    for (let i = 0; i < 11_000; i++) limiter.take(`again-${i}`)
    expect(limiter.trackedKeys).toBeLessThanOrEqual(10_000)
  })

  it('allows a burst of capacity, then refuses until tokens refill', () => {
    let now = 0
    const limiter = new RateLimiter(3, 60, () => now)
    for (let i = 0; i < 3; i++) limiter.take('agent')
    expect(() => limiter.take('agent')).toThrow(
      expect.objectContaining({ kind: 'rate-limited', status: 429 })
    )
    now += 1000 // one token a second at 60 a minute
    expect(() => limiter.take('agent')).not.toThrow()
  })
  it('keeps one bucket per key', () => {
    const limiter = new RateLimiter(1, 1, () => 0)
    limiter.take('a')
    expect(() => limiter.take('b')).not.toThrow()
  })
})

describe('WaitSlots', () => {
  it('bounds concurrent holders and frees a slot once, however often released', () => {
    const slots = new WaitSlots(2)
    const first = slots.acquire()
    slots.acquire()
    expect(() => slots.acquire()).toThrow(expect.objectContaining({ status: 503 }))
    first()
    first()
    expect(slots.inUse).toBe(1)
    expect(() => slots.acquire()).not.toThrow()
  })
})
