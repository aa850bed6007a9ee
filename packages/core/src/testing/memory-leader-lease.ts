import type { LeaderLease } from '../leader-lease.ts'

/** One lease as stored: who holds it, and a version each change moves on. */
export interface StoredLease {
  holder: string
  version: number
  durationSeconds: number
}

export interface MemoryLeaseOptions {
  name: string
  identity: string
  durationSeconds: number
  now?: () => number
}

/**
 * A LeaderLease in memory; instances given the same map contend for its leases, as replicas
 * for one Lease. Expiry is judged as the Kubernetes one judges it: from when this instance
 * last saw the lease change, on its own clock. Held to runLeaderLeaseContract.
 */
export class MemoryLeaderLease implements LeaderLease {
  private readonly leases: Map<string, StoredLease>
  private readonly options: MemoryLeaseOptions
  private readonly now: () => number
  private observed: { version: number; at: number } | undefined

  constructor(leases: Map<string, StoredLease>, options: MemoryLeaseOptions) {
    this.leases = leases
    this.options = options
    this.now = options.now ?? Date.now
  }

  async acquireOrRenew(signal?: AbortSignal): Promise<boolean> {
    signal?.throwIfAborted()
    const lease = this.leases.get(this.options.name)
    if (lease && this.observed?.version !== lease.version)
      this.observed = { version: lease.version, at: this.now() }
    const free = !lease?.holder || this.now() - this.observed!.at >= lease.durationSeconds * 1000
    if (lease && lease.holder !== this.options.identity && !free) return false
    this.write(this.options.identity, lease)
    return true
  }

  async release(): Promise<void> {
    const lease = this.leases.get(this.options.name)
    if (lease?.holder === this.options.identity) this.write('', lease)
  }

  private write(holder: string, previous: StoredLease | undefined): void {
    const version = (previous?.version ?? 0) + 1
    const { durationSeconds } = this.options
    this.leases.set(this.options.name, { holder, version, durationSeconds })
    this.observed = { version, at: this.now() }
  }
}
