import {
  runActivityRecorderContract,
  runBackendContract,
  runDeliveryRecordContract,
  runServerFeedContract,
} from '@mcp-lifecycle/core/testing'
import { beforeAll } from 'vitest'
import {
  createTestNamespace,
  kubernetesActivityCluster,
  kubernetesCluster,
  kubernetesFeedCluster,
  type ClusterAccess,
} from './cluster-fixtures.ts'
import { createK8sBackend, createK8sDeliveryRecord } from './create-k8s-backend.ts'
import { createK8sServerFeed } from './create-k8s-server-feed.ts'
import { createK8sActivityRecorder } from './record-activity.ts'

// The same contracts the memory twins pass, against the local control plane. (The pods' and
// the lease's run beside their own cluster tests.)
let access: ClusterAccess
beforeAll(async () => {
  access = await createTestNamespace('contract')
})
const connection = () => ({ kubeConfig: access.kubeConfig, namespace: access.namespace })

runBackendContract({
  backend: () => createK8sBackend(connection()),
  cluster: () => kubernetesCluster(access),
  prefix: 'k8s',
  waitSeconds: 60,
})

// The delivery record's contract against the ConfigMap: a new instance per call, as each
// replica has its own, all over the one ConfigMap of the namespace.
runDeliveryRecordContract('ConfigMap', {
  record: () => createK8sDeliveryRecord(connection()),
  prefix: 'k8s',
})

runServerFeedContract('Kubernetes', {
  feed: () => createK8sServerFeed(connection()),
  cluster: () => kubernetesFeedCluster(access),
  prefix: 'k8s',
  waitSeconds: 60,
})

runActivityRecorderContract('Kubernetes', {
  recorder: () => createK8sActivityRecorder(connection()),
  cluster: () => kubernetesActivityCluster(access),
  prefix: 'k8s',
})
