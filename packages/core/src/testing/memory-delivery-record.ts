import type { DeliveryRecord } from '../delivery-record.ts'

/** A DeliveryRecord in memory; instances given the same set share it, as replicas share one. */
export class MemoryDeliveryRecord implements DeliveryRecord {
  readonly keys: Set<string>

  constructor(keys = new Set<string>()) {
    this.keys = keys
  }

  async claim(key: string): Promise<boolean> {
    if (this.keys.has(key)) return false
    this.keys.add(key)
    return true
  }

  async release(key: string): Promise<void> {
    this.keys.delete(key)
  }
}
