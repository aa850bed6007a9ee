import { runDiscoveryStoreContract } from './discovery-store-contract.ts'
import { MemoryDiscoveryStore } from './memory-discovery-store.ts'

// Instances over one map, as replicas over one cluster's ConfigMaps.
const kept = new MemoryDiscoveryStore().kept
let servers = 0
runDiscoveryStoreContract('memory', {
  store: () => new MemoryDiscoveryStore(kept),
  server: async () => `server-${++servers}`,
})
