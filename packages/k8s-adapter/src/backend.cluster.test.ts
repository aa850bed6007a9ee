import { runBackendContract, runDeliveryRecordContract } from '@mcp-lifecycle/core/testing'
import { beforeAll } from 'vitest'
import { createK8sBackend, createK8sDeliveryRecord } from './create-k8s-backend.ts'
import { createTestNamespace, kubernetesCluster, type ClusterAccess } from './cluster-fixtures.ts'

// The same contract the memory backend passes, against the local control plane.
let access: ClusterAccess
beforeAll(async () => {
  access = await createTestNamespace('contract')
})

runBackendContract({
  backend: () => createK8sBackend({ kubeConfig: access.kubeConfig, namespace: access.namespace }),
  cluster: () => kubernetesCluster(access),
  prefix: 'k8s',
  waitSeconds: 60,
})

// The delivery record's contract against the ConfigMap: a new instance per call, as each
// replica has its own, all over the one ConfigMap of the namespace.
runDeliveryRecordContract('ConfigMap', {
  record: () =>
    createK8sDeliveryRecord({ kubeConfig: access.kubeConfig, namespace: access.namespace }),
  prefix: 'k8s',
})
