import { describe, expect, it } from 'vitest'
import type { LeaderLease } from '../leader-lease.ts'

export interface LeaderLeaseContractOptions {
  /** A new contender each call, all over the same storage; `name` picks the lease. */
  lease: (name: string, identity: string) => LeaderLease
  /** How long the leases made by `lease` last without renewal; waited out once. */
  durationSeconds: number
  /** Keeps the leases of concurrent runs apart. */
  prefix: string
}

/** What every LeaderLease must do: run against the memory one and the Kubernetes one. */
export function runLeaderLeaseContract(name: string, options: LeaderLeaseContractOptions) {
  describe(`LeaderLease contract: ${name}`, () => {
    const contenders = (lease: string) =>
      [
        options.lease(`${options.prefix}-${lease}`, 'a'),
        options.lease(`${options.prefix}-${lease}`, 'b'),
      ] as const

    it('gives a free lease to exactly one of two contenders racing for it', async () => {
      const [a, b] = contenders('race')
      const results = await Promise.all([a.acquireOrRenew(), b.acquireOrRenew()])
      expect(results.filter(Boolean)).toHaveLength(1)
    })

    it('keeps it with the holder while it renews, and hands it over at once when released', async () => {
      const [a, b] = contenders('release')
      expect(await a.acquireOrRenew()).toBe(true)
      for (let i = 0; i < 3; i++) {
        expect(await b.acquireOrRenew()).toBe(false)
        expect(await a.acquireOrRenew()).toBe(true)
      }
      await b.release() // not the holder: changes nothing
      expect(await b.acquireOrRenew()).toBe(false)
      await a.release()
      expect(await b.acquireOrRenew()).toBe(true)
      expect(await a.acquireOrRenew()).toBe(false)
    })

    it('hands it over once its holder stops renewing', async () => {
      const [a, b] = contenders('expiry')
      expect(await a.acquireOrRenew()).toBe(true)
      expect(await b.acquireOrRenew()).toBe(false)
      const deadline = Date.now() + options.durationSeconds * 10_000
      while (!(await b.acquireOrRenew())) {
        if (Date.now() > deadline) throw new Error('the lease was never handed over')
        await new Promise((resolve) => setTimeout(resolve, 100))
      }
      expect(await a.acquireOrRenew()).toBe(false)
    })
  })
}
