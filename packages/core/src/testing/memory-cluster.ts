import type { LifecycleBackend } from '../backend.ts'
import type { ContractCluster } from './backend-contract.ts'
import { MemoryBackend } from './memory-backend.ts'

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

export interface SharedMemoryCluster {
  /** The back door into the shared Deployments. */
  cluster: ContractCluster
  /** A new backend instance over the shared cluster, as each replica of the app has its own. */
  backend(): LifecycleBackend
}

/**
 * One in-memory cluster under any number of backend instances, each reaching the Deployments
 * through the one store they all see, as replicas of the app share one cluster.
 */
export function sharedMemoryCluster(): SharedMemoryCluster {
  const store = new MemoryBackend()
  return {
    cluster: memoryCluster(store),
    backend() {
      return {
        listServers: () => store.listServers(),
        getServer: (name) => store.getServer(name),
        scale: (name, replicas, options) => store.scale(name, replicas, options),
        deletePods: (name, options) => store.deletePods(name, options),
        watchServer: (name, signal) => store.watchServer(name, signal),
        watchServers: (signal) => store.watchServers(signal),
      }
    },
  }
}
