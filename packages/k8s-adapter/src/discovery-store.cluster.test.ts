import { keptAnswer } from '@mcp-lifecycle/core/testing'
import { beforeAll, describe, expect, it } from 'vitest'
import { createDeployment, createTestNamespace, type ClusterAccess } from './cluster-fixtures.ts'
import { createK8sAdapter } from './create-k8s-backend.ts'

// What the contract suite cannot say of the ConfigMap store: whose ConfigMaps it writes, and
// that they go with their server.
let access: ClusterAccess
beforeAll(async () => {
  access = await createTestNamespace('discovery')
})
const store = () =>
  createK8sAdapter({ kubeConfig: access.kubeConfig, namespace: access.namespace }).discovery
const answer = keptAnswer({ takenAt: 1, scope: 'public', ttlMs: 1000 })
const configMap = (name: string) =>
  access.core.readNamespacedConfigMap({ name, namespace: access.namespace })

describe('the discovery ConfigMap of a server', () => {
  it('is owned by its Deployment and goes with it', async () => {
    await createDeployment(access, { name: 'kept', replicas: 0 })
    await store().keep('kept', 't', answer)
    const made = await configMap('mcpl-discovery-kept')
    expect(made.metadata?.labels).toMatchObject({ 'mcp-lifecycle/discovery-of': 'kept' })
    expect(made.metadata?.ownerReferences).toMatchObject([{ kind: 'Deployment', name: 'kept' }])
    await access.apps.deleteNamespacedDeployment({
      name: 'kept',
      namespace: access.namespace,
      propagationPolicy: 'Background',
    })
    await expect
      .poll(
        () =>
          configMap('mcpl-discovery-kept').then(
            () => 'there',
            () => 'gone'
          ),
        {
          timeout: 60_000,
        }
      )
      .toBe('gone')
  })

  it('is never made for a Deployment that is not an MCP server', async () => {
    await access.apps.createNamespacedDeployment({
      namespace: access.namespace,
      body: {
        metadata: { name: 'plain' },
        spec: {
          replicas: 0,
          selector: { matchLabels: { app: 'plain' } },
          template: {
            metadata: { labels: { app: 'plain' } },
            spec: { containers: [{ name: 'c', image: 'x' }] },
          },
        },
      },
    })
    await expect(store().keep('plain', 't', answer)).rejects.toMatchObject({ kind: 'not-found' })
    await expect(configMap('mcpl-discovery-plain')).rejects.toMatchObject({ code: 404 })
  })

  it('leaves alone a ConfigMap of that name that is not ours', async () => {
    await createDeployment(access, { name: 'taken', replicas: 0 })
    await access.core.createNamespacedConfigMap({
      namespace: access.namespace,
      body: { metadata: { name: 'mcpl-discovery-taken' }, data: { mine: 'yes' } },
    })
    await expect(store().keep('taken', 't', answer)).rejects.toMatchObject({ kind: 'conflict' })
    await expect(store().read('taken')).rejects.toMatchObject({ kind: 'conflict' })
    expect((await configMap('mcpl-discovery-taken')).data).toEqual({ mine: 'yes' })
  })
})
