import { existsSync, readFileSync } from 'node:fs'
import { KubeConfig } from '@kubernetes/client-node'

const SERVICE_ACCOUNT_DIR = '/var/run/secrets/kubernetes.io/serviceaccount'

/** In a pod: the mounted ServiceAccount. Elsewhere: KUBECONFIG, else ~/.kube/config. */
export function loadKubeConfig(): KubeConfig {
  const kubeConfig = new KubeConfig()
  if (runsInCluster()) kubeConfig.loadFromCluster()
  else kubeConfig.loadFromDefault()
  return kubeConfig
}

/** The pod's own namespace in a cluster, else `default`. */
export function defaultNamespace(): string {
  const file = `${SERVICE_ACCOUNT_DIR}/namespace`
  if (runsInCluster() && existsSync(file)) return readFileSync(file, 'utf8').trim()
  return 'default'
}

function runsInCluster(): boolean {
  return Boolean(process.env.KUBERNETES_SERVICE_HOST) && existsSync(`${SERVICE_ACCOUNT_DIR}/token`)
}
