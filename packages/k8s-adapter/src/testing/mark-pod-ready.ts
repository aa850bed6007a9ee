import {
  PatchStrategy,
  setHeaderOptions,
  type CoreV1Api,
  type V1Pod,
} from '@kubernetes/client-node'

/**
 * Pods with this annotation (value `listening`) run under kwok without turning Ready
 * (infra/control-plane/kwok-stages/pod-stages.yaml): the harness sets Ready once their process
 * listens, as a readiness probe does on a real node.
 */
export const READY_WHEN_ANNOTATION = 'mcp-lifecycle.test/ready-when'

export const isReadyWhenListening = (pod: V1Pod | undefined): boolean =>
  pod?.metadata?.annotations?.[READY_WHEN_ANNOTATION] === 'listening'

/** Sets the pod Ready (and its containers) in its status, as the kubelet does after a probe. */
export async function markPodReady(core: CoreV1Api, pod: V1Pod): Promise<void> {
  const now = new Date().toISOString()
  const condition = (type: string) => ({ type, status: 'True', lastTransitionTime: now })
  const body = {
    status: {
      conditions: [condition('ContainersReady'), condition('Ready')],
      containerStatuses: (pod.spec?.containers ?? []).map(({ name }) => ({ name, ready: true })),
    },
  }
  await core.patchNamespacedPodStatus(
    { name: pod.metadata?.name ?? '', namespace: pod.metadata?.namespace ?? '', body },
    setHeaderOptions('Content-Type', PatchStrategy.StrategicMergePatch)
  )
}
