// Shared by the *.cluster.test.ts files: direct access to the local control plane (the tests'
// back door, not the adapter under test), and Deployments that kwok can run.
import { AppsV1Api, CoreV1Api, KubeConfig } from '@kubernetes/client-node'
import type { V1Deployment, V1Service } from '@kubernetes/client-node'
import { LAST_ACTIVITY_ANNOTATION } from '@mcp-lifecycle/core'
import type { ActivityRecorderCluster, ContractCluster } from '@mcp-lifecycle/core/testing'
import type { ContractServerSeed, ServerFeedCluster } from '@mcp-lifecycle/core/testing'
import type { ServerPodsCluster } from '@mcp-lifecycle/core/testing'
import { inject } from 'vitest'
import { KWOK_POD_SPEC } from './testing/kwok-pod.ts'

export const MCP_LABEL = { 'app.kubernetes.io/component': 'mcp-server' }

export function clusterKubeConfig(): KubeConfig {
  const kubeConfig = new KubeConfig()
  kubeConfig.loadFromFile(inject('kubeconfig'))
  return kubeConfig
}

export interface ClusterAccess {
  kubeConfig: KubeConfig
  apps: AppsV1Api
  core: CoreV1Api
  namespace: string
}

/** A fresh namespace for one test file, so files never see each other's servers. */
export async function createTestNamespace(prefix: string): Promise<ClusterAccess> {
  const kubeConfig = clusterKubeConfig()
  const core = kubeConfig.makeApiClient(CoreV1Api)
  const namespace = `${prefix}-${Date.now().toString(36)}`
  await core.createNamespace({ body: { metadata: { name: namespace } } })
  // The delivery record, as infra/ ships it.
  await core.createNamespacedConfigMap({
    namespace,
    body: { metadata: { name: 'mcp-lifecycle-deliveries' }, data: { deliveries: '{}' } },
  })
  return { kubeConfig, apps: kubeConfig.makeApiClient(AppsV1Api), core, namespace }
}

export interface DeploymentSpec extends ContractServerSeed {
  /** Pods need more nodes than exist (one per node): some stay Pending for ever. */
  onePerNode?: boolean
  progressDeadlineSeconds?: number
  annotations?: Record<string, string>
  /**
   * How kwok fakes the kubelet for its pods (infra/control-plane/kwok-stages): scheduled and
   * running but never Ready (a wait that lasts), or failing with the kubelet's reasons (a wait
   * that ends at once with them). `neverReady` instead leaves them unschedulable.
   */
  stage?: 'never-ready' | 'crash-loop' | 'image-pull-error'
  /**
   * Pods turn Ready only once the pod-processes harness sees their process listen (the
   * annotation mcp-lifecycle.test/ready-when: listening), as with a readiness probe.
   */
  readyWhenListening?: boolean
}

/** A Deployment whose pods kwok schedules and makes Ready (or never, when asked). */
export function deploymentManifest(spec: DeploymentSpec): V1Deployment {
  const podLabels = { app: spec.name }
  return {
    metadata: {
      name: spec.name,
      labels: { ...(spec.mcp === false ? {} : MCP_LABEL), app: spec.name },
      ...(spec.annotations && { annotations: spec.annotations }),
    },
    spec: {
      replicas: spec.replicas,
      selector: { matchLabels: podLabels },
      ...(spec.progressDeadlineSeconds && {
        progressDeadlineSeconds: spec.progressDeadlineSeconds,
      }),
      template: {
        metadata: {
          labels: {
            ...podLabels,
            ...(spec.stage && { [`mcp-lifecycle.test/${spec.stage}`]: 'true' }),
          },
          ...(spec.readyWhenListening && {
            annotations: { 'mcp-lifecycle.test/ready-when': 'listening' },
          }),
        },
        spec: {
          ...KWOK_POD_SPEC,
          // No node carries this label: the pods stay Pending and never become ready.
          ...(spec.neverReady && { nodeSelector: { type: 'no-such-node' } }),
          ...(spec.onePerNode && {
            affinity: {
              podAntiAffinity: {
                requiredDuringSchedulingIgnoredDuringExecution: [
                  {
                    labelSelector: { matchLabels: podLabels },
                    topologyKey: 'kubernetes.io/hostname',
                  },
                ],
              },
            },
          }),
        },
      },
    },
  }
}

export async function createDeployment(access: ClusterAccess, spec: DeploymentSpec): Promise<void> {
  await access.apps.createNamespacedDeployment({
    namespace: access.namespace,
    body: deploymentManifest(spec),
  })
  await waitUntil(access, spec.name, (d) => settled(d, spec))
}

export async function createService(access: ClusterAccess, service: V1Service): Promise<V1Service> {
  return access.core.createNamespacedService({ namespace: access.namespace, body: service })
}

/** A server as infra/examples ship one: its Deployment, and a Service on port 8080 named http. */
export async function createServedDeployment(access: ClusterAccess, spec: DeploymentSpec) {
  await createDeployment(access, spec)
  const { name } = spec
  const ports = [{ name: 'http', port: 8080 }]
  await createService(access, { metadata: { name }, spec: { selector: { app: name }, ports } })
}

/** A Deployment's spec.replicas, read straight from the API server. */
export async function replicasOf(access: ClusterAccess, name: string): Promise<number | undefined> {
  const d = await access.apps.readNamespacedDeployment({ name, namespace: access.namespace })
  return d.spec?.replicas
}

/** Sets spec.replicas through the scale subresource, as another client would. */
export async function scaleDeployment(
  access: ClusterAccess,
  name: string,
  replicas: number
): Promise<void> {
  await access.apps.replaceNamespacedDeploymentScale({
    name,
    namespace: access.namespace,
    body: { metadata: { name, namespace: access.namespace }, spec: { replicas } },
  })
}

/** The names of a server's pods (by its `app` label) that are not terminating. */
export async function livePodNames(access: ClusterAccess, name: string): Promise<string[]> {
  const pods = await access.core.listNamespacedPod({
    namespace: access.namespace,
    labelSelector: `app=${name}`,
  })
  return pods.items.filter((p) => !p.metadata?.deletionTimestamp).map((p) => p.metadata!.name!)
}

/** Polls a Deployment (test set-up only; the code under test watches). */
export async function waitUntil(
  access: ClusterAccess,
  name: string,
  done: (d: V1Deployment) => boolean,
  timeoutMs = 60_000
): Promise<V1Deployment> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const d = await access.apps.readNamespacedDeployment({ name, namespace: access.namespace })
    if (done(d)) return d
    if (Date.now() > deadline)
      throw new Error(`Deployment ${name} did not settle: ${JSON.stringify(d.status)}`)
    await new Promise((r) => setTimeout(r, 100))
  }
}

function settled(d: V1Deployment, spec: DeploymentSpec): boolean {
  const s = d.status ?? {}
  if ((s.observedGeneration ?? 0) < (d.metadata?.generation ?? 1)) return false
  if (spec.neverReady || spec.stage || spec.onePerNode) return (s.replicas ?? 0) === spec.replicas
  const progressing = s.conditions?.find((c) => c.type === 'Progressing')
  return (
    (s.readyReplicas ?? 0) === spec.replicas &&
    (s.replicas ?? 0) === spec.replicas &&
    (s.availableReplicas ?? 0) === spec.replicas &&
    progressing?.reason === 'NewReplicaSetAvailable'
  )
}

/** The contract's back door for the Kubernetes backend. */
export function kubernetesCluster(access: ClusterAccess): ContractCluster {
  const read = (name: string) =>
    access.apps.readNamespacedDeployment({ name, namespace: access.namespace })
  return {
    createServer: (seed) => createDeployment(access, seed),
    desiredReplicas: async (name) => (await read(name)).spec?.replicas ?? 1,
    livePods: async (name) => (await livePodNames(access, name)).length,
    async version(name) {
      // What a change by us would move: the spec (generation, replicas) and the metadata.
      const d = await read(name)
      return JSON.stringify([
        d.metadata?.generation,
        d.spec?.replicas,
        d.metadata?.labels,
        d.metadata?.annotations,
      ])
    },
  }
}

/** The ServerPods contract's back door: Deployments kwok runs, and their pods as listed. */
export function kubernetesPodsCluster(access: ClusterAccess): ServerPodsCluster {
  return {
    createServer: (seed) => createDeployment(access, seed),
    scale: (name, replicas) => scaleDeployment(access, name, replicas),
    livePodNames: (name) => livePodNames(access, name),
  }
}

/** The ServerFeed contract's back door: Deployments and Services changed directly. */
export function kubernetesFeedCluster(access: ClusterAccess): ServerFeedCluster {
  const { namespace } = access
  return {
    namespace,
    createServer: (seed) => createDeployment(access, seed),
    scale: (name, replicas) => scaleDeployment(access, name, replicas),
    deleteServer: async (name) =>
      void (await access.apps.deleteNamespacedDeployment({ name, namespace })),
    createService: async (name) =>
      void (await createService(access, {
        metadata: { name },
        spec: { selector: { app: name }, ports: [{ port: 80 }] },
      })),
    deleteService: async (name) =>
      void (await access.core.deleteNamespacedService({ name, namespace })),
  }
}

/** The ActivityRecorder contract's back door: the Deployment's annotation and spec as stored. */
export function kubernetesActivityCluster(access: ClusterAccess): ActivityRecorderCluster {
  const read = (name: string) =>
    access.apps.readNamespacedDeployment({ name, namespace: access.namespace })
  return {
    createServer: (seed) => createDeployment(access, seed),
    lastActivity: async (name) =>
      (await read(name)).metadata?.annotations?.[LAST_ACTIVITY_ANNOTATION],
    specVersion: async (name) => {
      const { spec } = await read(name)
      return JSON.stringify([spec?.replicas, spec?.template])
    },
  }
}
