import { LAST_ACTIVITY_ANNOTATION } from '@mcp-lifecycle/core'
import { runActivityRecorderContract } from '@mcp-lifecycle/core/testing'
import { beforeAll } from 'vitest'
import { createDeployment, createTestNamespace, type ClusterAccess } from './cluster-fixtures.ts'
import { createK8sActivityRecorder } from './record-activity.ts'

// The contract the memory twin passes (MemoryActivityRecorder), against Deployments on the API server.
let access: ClusterAccess
beforeAll(async () => {
  access = await createTestNamespace('activity-contract')
})

const read = (name: string) =>
  access.apps.readNamespacedDeployment({ name, namespace: access.namespace })

runActivityRecorderContract('Kubernetes', {
  recorder: () =>
    createK8sActivityRecorder({ kubeConfig: access.kubeConfig, namespace: access.namespace }),
  cluster: () => ({
    createServer: (seed) => createDeployment(access, seed),
    lastActivity: async (name) =>
      (await read(name)).metadata?.annotations?.[LAST_ACTIVITY_ANNOTATION],
    specVersion: async (name) => {
      const deployment = await read(name)
      return JSON.stringify([deployment.spec?.replicas, deployment.spec?.template])
    },
  }),
  prefix: 'k8s',
})
