import type { ServerPods } from '@mcp-lifecycle/core'
import { createK8sAdapter, type K8sBackendOptions } from './create-k8s-backend.ts'

export type K8sServerPodsOptions = Pick<
  K8sBackendOptions,
  'kubeConfig' | 'namespace' | 'selector' | 'fetch' | 'callTimeoutMs' | 'watchTuning'
>

/** The Kubernetes implementation of core's ServerPods: a list-watch of each server's Pods. */
export function createK8sServerPods(options: K8sServerPodsOptions = {}): ServerPods {
  return createK8sAdapter(options).pods
}
