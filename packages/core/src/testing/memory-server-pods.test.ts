import type { PodSnapshot } from '../pod-snapshot.ts'
import { MemoryServerPods } from './memory-server-pods.ts'
import { runServerPodsContract, type ServerPodsCluster } from './server-pods-contract.ts'

const readyPods = (name: string, count: number): PodSnapshot[] =>
  Array.from({ length: count }, (_, i) => ({
    name: `${name}-${i}`,
    uid: `uid-${name}-${i}`,
    ip: `127.0.0.${i + 1}`,
    ready: true,
    terminating: false,
    ports: [{ containerPort: 8080 }],
    waiting: [],
    conditions: [{ type: 'Ready', status: 'True' }],
  }))

// One set of pods under every instance the contract asks for, as one cluster under replicas.
const twin = new MemoryServerPods()
const cluster: ServerPodsCluster = {
  async createServer(seed) {
    if (seed.mcp !== false) twin.set(seed.name, readyPods(seed.name, seed.replicas))
  },
  async scale(name, replicas) {
    twin.set(name, readyPods(name, replicas))
  },
  async livePodNames(name) {
    return (twin.peek(name) ?? []).filter((pod) => !pod.terminating).map((pod) => pod.name)
  },
}

runServerPodsContract('memory', {
  pods: () => twin,
  cluster: () => cluster,
  prefix: 'mem',
  waitSeconds: 5,
})
