import {
  runActivityRecorderContract,
  runBackendContract,
  runDeliveryRecordContract,
  runDiscoveryStoreContract,
  runLeaderLeaseContract,
  runServerFeedContract,
  runServerPodsContract,
} from '@mcp-lifecycle/core/testing'
import { beforeAll } from 'vitest'
import {
  createDeployment,
  createTestNamespace,
  kubernetesActivityCluster,
  kubernetesCluster,
  kubernetesFeedCluster,
  kubernetesPodsCluster,
} from './cluster-fixtures.ts'
import type { ClusterAccess } from './cluster-fixtures.ts'
import { createK8sAdapter } from './create-k8s-backend.ts'
import { createK8sServerFeed } from './create-k8s-server-feed.ts'
import { createK8sLeaderLease } from './leader-lease.ts'
import { createK8sActivityRecorder } from './record-activity.ts'

// Every port's contract, as its memory twin passes it, against the local control plane. Each
// call makes a new instance, as each replica has its own, over the one namespace.
let access: ClusterAccess
beforeAll(async () => {
  access = await createTestNamespace('contract')
})
const connection = () => ({ kubeConfig: access.kubeConfig, namespace: access.namespace })
const adapter = () => createK8sAdapter(connection())
const run = { prefix: 'k8s', waitSeconds: 60 }

runBackendContract({
  ...run,
  backend: () => adapter().backend,
  cluster: () => kubernetesCluster(access),
})
runDeliveryRecordContract('ConfigMap', { ...run, record: () => adapter().deliveries })
let discoveryServers = 0
runDiscoveryStoreContract('ConfigMap', {
  store: () => adapter().discovery,
  server: async () => {
    const name = `discovery-${++discoveryServers}`
    await createDeployment(access, { name, replicas: 0 })
    return name
  },
})
runServerPodsContract('Kubernetes', {
  ...run,
  pods: () => adapter().pods,
  cluster: () => kubernetesPodsCluster(access),
})
runServerFeedContract('Kubernetes', {
  ...run,
  feed: () => createK8sServerFeed(connection()),
  cluster: () => kubernetesFeedCluster(access),
})
runActivityRecorderContract('Kubernetes', {
  ...run,
  recorder: () => createK8sActivityRecorder(connection()),
  cluster: () => kubernetesActivityCluster(access),
})
runLeaderLeaseContract('Kubernetes', {
  ...run,
  lease: (name, identity) =>
    createK8sLeaderLease({ ...connection(), name, identity, durationSeconds: 1 }),
  durationSeconds: 1,
})
