import { describe, expect, it } from 'vitest'
import type { DeliveryRecord } from '../delivery-record.ts'

export interface DeliveryRecordContractOptions {
  /** A new instance over the same storage each call, as each replica has its own. */
  record: () => DeliveryRecord
  /** Keeps the keys of concurrent runs apart. */
  prefix: string
}

/** What every DeliveryRecord must do: run against the memory one and the ConfigMap one. */
export function runDeliveryRecordContract(name: string, options: DeliveryRecordContractOptions) {
  describe(`DeliveryRecord contract: ${name}`, () => {
    const key = () => JSON.stringify(['webhook', options.prefix, String(Math.random())])

    it('records a key once, across instances, and forgets it when released', async () => {
      const first = options.record()
      const second = options.record()
      expect(second, 'two calls of options.record() must give two instances').not.toBe(first)
      const k = key()
      const claims = await Promise.all([first.claim(k), second.claim(k)])
      expect(claims.filter(Boolean)).toHaveLength(1)
      const [winner, other] = claims[0] ? [first, second] : [second, first]
      await expect(other.claim(k)).resolves.toBe(false)
      await expect(winner.claim(k)).resolves.toBe(false)
      await winner.release(k)
      await expect(other.claim(k)).resolves.toBe(true)
      await expect(winner.claim(k)).resolves.toBe(false)
    })

    it('keeps keys apart, whatever characters they hold', async () => {
      const record = options.record()
      const base = key()
      for (const k of [base, `${base}:x`, '__proto__', 'constructor']) {
        await expect(record.claim(`${options.prefix}${k}`)).resolves.toBe(true)
      }
      await expect(record.claim(`${options.prefix}__proto__`)).resolves.toBe(false)
    })

    it('releasing a key never claimed changes nothing', async () => {
      const record = options.record()
      const k = key()
      await record.release(k)
      await expect(record.claim(k)).resolves.toBe(true)
    })
  })
}
