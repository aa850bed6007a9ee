import { seededService } from './seeded-service.ts'
import { seededDeployment } from './memory-backend.ts'
import { MemoryServerFeed } from './memory-server-feed.ts'
import { runServerFeedContract, type ServerFeedCluster } from './server-feed-contract.ts'

const service = (name: string, namespace: string) => seededService({ name, namespace })

// Every feed instance over the one twin, as every replica watches the one namespace.
const twin = new MemoryServerFeed('mcp')
const cluster: ServerFeedCluster = {
  namespace: twin.namespace,
  async createServer(seed) {
    // The twin holds MCP servers only, as the Kubernetes feed selects them by label.
    if (seed.mcp !== false) twin.putDeployment(seededDeployment(seed))
  },
  async scale(name, replicas) {
    const deployment = twin.peekDeployment(name)
    if (!deployment) throw new Error(`no Deployment ${name}`)
    twin.putDeployment({ ...deployment, desiredReplicas: replicas })
  },
  deleteServer: async (name) => twin.removeDeployment(name),
  createService: async (name) => twin.putService(service(name, twin.namespace)),
  deleteService: async (name) => twin.removeService(name),
}

runServerFeedContract('memory', {
  feed: () => twin,
  cluster: () => cluster,
  prefix: 'mem',
  waitSeconds: 5,
})
