import { runLeaderLeaseContract } from './leader-lease-contract.ts'
import { MemoryLeaderLease, type StoredLease } from './memory-leader-lease.ts'

// Contenders over one map of leases, as replicas over one namespace's Leases.
const leases = new Map<string, StoredLease>()
runLeaderLeaseContract('memory', {
  lease: (name, identity) => new MemoryLeaderLease(leases, { name, identity, durationSeconds: 1 }),
  durationSeconds: 1,
  prefix: 'mem',
})
