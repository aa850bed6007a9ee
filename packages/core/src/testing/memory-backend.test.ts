import { MemoryBackend } from './memory-backend.ts'
import { memoryCluster } from './memory-cluster.ts'
import { runBackendContract } from './backend-contract.ts'

const backend = new MemoryBackend()
runBackendContract({
  backend: () => backend,
  cluster: () => memoryCluster(backend),
  prefix: 'mem',
  waitSeconds: 5,
})
