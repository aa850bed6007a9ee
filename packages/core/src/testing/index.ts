export { MemoryBackend, seededDeployment } from './memory-backend.ts'
export type { MemoryServerSeed, MemoryCalls } from './memory-backend.ts'
export { memoryCluster } from './memory-cluster.ts'
export { runBackendContract } from './backend-contract.ts'
export type {
  BackendContractOptions,
  ContractCluster,
  ContractServerSeed,
} from './backend-contract.ts'
export { MemoryDeliveryRecord } from './memory-delivery-record.ts'
export { runDeliveryRecordContract } from './delivery-record-contract.ts'
export type { DeliveryRecordContractOptions } from './delivery-record-contract.ts'
export { MemoryServerPods } from './memory-server-pods.ts'
export { runServerPodsContract } from './server-pods-contract.ts'
export type { ServerPodsCluster, ServerPodsContractOptions } from './server-pods-contract.ts'
export { MemoryLeaderLease } from './memory-leader-lease.ts'
export type { MemoryLeaseOptions, StoredLease } from './memory-leader-lease.ts'
export { runLeaderLeaseContract } from './leader-lease-contract.ts'
export type { LeaderLeaseContractOptions } from './leader-lease-contract.ts'
export { MemoryActivityRecorder } from './memory-activity-recorder.ts'
export { runActivityRecorderContract } from './activity-recorder-contract.ts'
export type {
  ActivityRecorderCluster,
  ActivityRecorderContractOptions,
} from './activity-recorder-contract.ts'
export { MemoryServerFeed } from './memory-server-feed.ts'
export { runServerFeedContract } from './server-feed-contract.ts'
export type { ServerFeedCluster, ServerFeedContractOptions } from './server-feed-contract.ts'
export type { ContractRun } from './contract-run.ts'
