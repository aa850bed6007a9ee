// In-memory twins of core's ports, and the contract suites every implementation runs.
export { MemoryBackend, seededDeployment } from './memory-backend.ts'
export { headerAuthenticator } from './header-authenticator.ts'
export { firstPods } from './first-pods.ts'
export { jsonPost } from './json-post.ts'
export { takeFirst } from './take-first.ts'
export { seededService } from './seeded-service.ts'
export { keptAnswer } from './kept-answer.ts'
export { WEATHER_SCALED_1_TO_3 } from './scale-audit-record.ts'
export type { MemoryServerSeed, MemoryCalls } from './memory-backend.ts'
export { memoryCluster } from './memory-cluster.ts'
export { runBackendContract } from './backend-contract.ts'
export type {
  BackendContractOptions,
  ContractCluster,
  ContractServerSeed,
} from './backend-contract.ts'
export type { ContractRun } from './contract-run.ts'
export { MemoryDeliveryRecord } from './memory-delivery-record.ts'
export { runDeliveryRecordContract } from './delivery-record-contract.ts'
export type { DeliveryRecordContractOptions } from './delivery-record-contract.ts'
export { MemoryServerPods } from './memory-server-pods.ts'
export {
  runServerPodsContract,
  type ServerPodsCluster,
  type ServerPodsContractOptions,
} from './server-pods-contract.ts'
export { MemoryServerFeed } from './memory-server-feed.ts'
export {
  runServerFeedContract,
  type ServerFeedCluster,
  type ServerFeedContractOptions,
} from './server-feed-contract.ts'
export { MemoryActivityRecorder } from './memory-activity-recorder.ts'
export {
  runActivityRecorderContract,
  type ActivityRecorderCluster,
  type ActivityRecorderContractOptions,
} from './activity-recorder-contract.ts'
export {
  MemoryLeaderLease,
  type MemoryLeaseOptions,
  type StoredLease,
} from './memory-leader-lease.ts'
export { runLeaderLeaseContract, type LeaderLeaseContractOptions } from './leader-lease-contract.ts'
export { MemoryDiscoveryStore } from './memory-discovery-store.ts'
export {
  runDiscoveryStoreContract,
  type DiscoveryStoreContractOptions,
} from './discovery-store-contract.ts'
