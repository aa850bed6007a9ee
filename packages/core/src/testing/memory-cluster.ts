import type { ContractCluster } from './backend-contract.ts'
import type { MemoryBackend } from './memory-backend.ts'

/** The contract's back door into a MemoryBackend. */
export function memoryCluster(backend: MemoryBackend): ContractCluster {
  const stored = (name: string) => {
    const deployment = backend.peek(name)
    if (!deployment) throw new Error(`no Deployment ${name}`)
    return deployment
  }
  return {
    async createServer(seed) {
      backend.add(seed)
    },
    async desiredReplicas(name) {
      return stored(name).desiredReplicas
    },
    async livePods(name) {
      return stored(name).currentReplicas
    },
    async version(name) {
      return JSON.stringify(stored(name))
    },
  }
}
