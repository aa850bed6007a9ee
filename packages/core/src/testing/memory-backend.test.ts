import { sharedMemoryCluster } from './memory-cluster.ts'
import { runBackendContract } from './backend-contract.ts'
import { runDeliveryRecordContract } from './delivery-record-contract.ts'
import { MemoryDeliveryRecord } from './memory-delivery-record.ts'

// Two instances over one cluster, taken in turn, as the Kubernetes run makes a new backend per
// call: what one instance does, the other must see.
const shared = sharedMemoryCluster()
const instances = [shared.backend(), shared.backend()] as const
let calls = 0
runBackendContract({
  backend: () => instances[calls++ % instances.length]!,
  cluster: () => shared.cluster,
  prefix: 'mem',
  waitSeconds: 5,
})

// Two instances over one set of keys, as replicas share one record.
const keys = new Set<string>()
runDeliveryRecordContract('memory', { record: () => new MemoryDeliveryRecord(keys), prefix: 'mem' })
