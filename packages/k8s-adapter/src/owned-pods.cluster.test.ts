import type { PodSnapshot } from '@mcp-lifecycle/core'
import { firstPods } from '@mcp-lifecycle/core/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  createDeployment,
  createTestNamespace,
  deploymentManifest,
  MCP_LABEL,
} from './cluster-fixtures.ts'
import type { ClusterAccess } from './cluster-fixtures.ts'
import { createK8sServerPods } from './create-k8s-server-pods.ts'

let access: ClusterAccess

beforeAll(async () => {
  access = await createTestNamespace('owned-pods')
  await createDeployment(access, { name: 'weather', replicas: 1 })
  // A second MCP server whose selector matches weather's pods (its own template too, so the
  // API server accepts it), at 0 replicas: by labels, weather's pod would be its pod.
  const evil = deploymentManifest({ name: 'mcp-a-evil', replicas: 0 })
  evil.spec!.selector = { matchLabels: { app: 'weather' } }
  evil.spec!.template.metadata!.labels = { app: 'weather', variant: 'evil' }
  await access.apps.createNamespacedDeployment({ namespace: access.namespace, body: evil })
  // A stray pod with weather's labels and no owner.
  await access.core.createNamespacedPod({
    namespace: access.namespace,
    body: {
      metadata: { name: 'stray', labels: { app: 'weather' } },
      spec: {
        containers: [
          { name: 'mcp', image: 'example.invalid/x:1', ports: [{ containerPort: 8080 }] },
        ],
        tolerations: [{ key: 'kwok.x-k8s.io/node', operator: 'Exists', effect: 'NoSchedule' }],
        nodeSelector: { type: 'kwok' },
      },
    },
  })
})

afterAll(async () => {
  await access?.core.deleteNamespace({ name: access.namespace })
})

function serverPods() {
  return createK8sServerPods({
    kubeConfig: access.kubeConfig,
    namespace: access.namespace,
    selector: Object.entries(MCP_LABEL)
      .map(([k, v]) => `${k}=${v}`)
      .join(','),
  })
}

const firstSight = (name: string) => firstPods(serverPods(), name)

describe('the pods of a server', () => {
  it('are those its Deployment owns, never pods that only carry its labels', async () => {
    const weather = await firstSight('weather')
    expect(weather.map((p) => p.name)).toHaveLength(1)
    expect(weather[0]!.name).toMatch(/^weather-/)
    // Another Deployment selecting weather's pods gets none of them; nor does the stray pod count.
    expect(await firstSight('mcp-a-evil')).toEqual([])
  })

  // A rollout's first pod can come and be Ready within relistMs of the last list of the
  // ReplicaSets; it was dropped then, and no later event showed it.
  it("show a new rollout's pod that came right after the ReplicaSets were listed", async () => {
    await createDeployment(access, { name: 'rollout', replicas: 1 })
    const controller = new AbortController()
    let latest: PodSnapshot[] = []
    const seen = new Promise<void>((firstReady) => {
      void (async () => {
        for await (const pods of serverPods().watchPods('rollout', controller.signal)) {
          latest = pods
          if (pods.some((p) => p.ready)) firstReady()
        }
      })().catch(() => {})
    })
    try {
      await seen
      const [first] = latest
      await access.apps.patchNamespacedDeployment({
        name: 'rollout',
        namespace: access.namespace,
        body: [
          {
            op: 'add',
            path: '/spec/template/spec/containers/0/env',
            value: [{ name: 'VERSION', value: '2' }],
          },
        ],
      })
      const rolledOut = () => latest.some((p) => p.ready && p.uid !== first!.uid)
      await expect.poll(rolledOut, { timeout: 15_000 }).toBe(true)
    } finally {
      controller.abort()
    }
  })
})
