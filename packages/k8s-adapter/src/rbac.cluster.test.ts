import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { AppsV1Api, CoreV1Api, KubeConfig } from '@kubernetes/client-node'
import { listServers, scaleServer, startServer, stopServer } from '@mcp-lifecycle/core'
import { beforeAll, describe, expect, inject, it } from 'vitest'
import { createDeployment, createTestNamespace, type ClusterAccess } from './cluster-fixtures.ts'
import { createK8sBackend } from './create-k8s-backend.ts'

// The Role in infra/base/rbac.yaml is sufficient (every operation works with a token of the
// ServiceAccount bound to it) and minimal (calls outside it are refused).
const rbacYaml = fileURLToPath(new URL('../../../infra/base/rbac.yaml', import.meta.url))

let access: ClusterAccess
let restricted: KubeConfig

beforeAll(async () => {
  access = await createTestNamespace('rbac')
  execFileSync(
    'kubectl',
    ['--kubeconfig', inject('kubeconfig'), '-n', access.namespace, 'apply', '-f', rbacYaml],
    {
      stdio: 'pipe',
    }
  )
  const token = await access.core.createNamespacedServiceAccountToken({
    name: 'mcp-lifecycle',
    namespace: access.namespace,
    body: { spec: { expirationSeconds: 3600 } },
  })
  const cluster = access.kubeConfig.getCurrentCluster()!
  restricted = new KubeConfig()
  restricted.loadFromOptions({
    clusters: [
      { name: 'local', server: cluster.server, caData: cluster.caData, caFile: cluster.caFile },
    ],
    users: [{ name: 'sa', token: token.status?.token }],
    contexts: [{ name: 'sa', cluster: 'local', user: 'sa', namespace: access.namespace }],
    currentContext: 'sa',
  })
  await createDeployment(access, { name: 'rbac-a', replicas: 0 })
  await createDeployment(access, { name: 'rbac-b', replicas: 1 })
})

describe('the least-privilege Role', () => {
  it('is sufficient: every operation succeeds with the ServiceAccount token', async () => {
    const ctx = {
      backend: createK8sBackend({ kubeConfig: restricted, namespace: access.namespace }),
    }
    const { servers } = await listServers(ctx)
    expect(servers.map((s) => s.name).sort()).toEqual(['rbac-a', 'rbac-b'])
    await expect(
      startServer(ctx, 'rbac-a', { wait_ready: true, timeout: 60 })
    ).resolves.toMatchObject({ status: 'running' })
    await expect(
      scaleServer(ctx, 'rbac-a', { replicas: 2, wait_ready: true, timeout: 60 })
    ).resolves.toMatchObject({ ready_replicas: 2 })
    const dryRun = { ...ctx, dryRun: true }
    await expect(
      scaleServer(dryRun, 'rbac-a', { replicas: 1, wait_ready: false, timeout: 60 })
    ).resolves.toMatchObject({ replicas: 1 })
    await expect(stopServer(ctx, 'rbac-b', { force: true })).resolves.toMatchObject({ replicas: 0 })
  })

  it('is minimal: deleting or patching a Deployment, reading Secrets or another namespace is refused', async () => {
    const apps = restricted.makeApiClient(AppsV1Api)
    const core = restricted.makeApiClient(CoreV1Api)
    const refused = (p: Promise<unknown>) => expect(p).rejects.toMatchObject({ code: 403 })
    await refused(apps.deleteNamespacedDeployment({ name: 'rbac-b', namespace: access.namespace }))
    await refused(
      apps.patchNamespacedDeployment({
        name: 'rbac-b',
        namespace: access.namespace,
        body: [{ op: 'replace', path: '/spec/replicas', value: 5 }],
      })
    )
    await refused(core.listNamespacedSecret({ namespace: access.namespace }))
    await refused(apps.listNamespacedDeployment({ namespace: 'kube-system' }))
    await refused(
      core.createNamespacedPod({
        namespace: access.namespace,
        body: { metadata: { name: 'x' }, spec: { containers: [{ name: 'x', image: 'x' }] } },
      })
    )
  })
})
