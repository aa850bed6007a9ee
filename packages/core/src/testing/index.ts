export { MemoryBackend } from './memory-backend.ts'
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
