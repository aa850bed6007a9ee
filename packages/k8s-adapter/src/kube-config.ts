import { existsSync, readFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { delimiter, join } from 'node:path'
import { KubeConfig } from '@kubernetes/client-node'

const SERVICE_ACCOUNT_DIR = '/var/run/secrets/kubernetes.io/serviceaccount'

type Env = Record<string, string | undefined>

/**
 * In a pod: the mounted ServiceAccount. Elsewhere: the files in KUBECONFIG that exist (missing
 * ones are skipped, as kubectl does), else ~/.kube/config. Throws when there is none, saying
 * where it looked: client-node would fall back to http://localhost:8080, and the user would only
 * read later that the API server cannot be reached.
 */
export function loadKubeConfig(env: Env = process.env): KubeConfig {
  const kubeConfig = new KubeConfig()
  if (runsInCluster(env)) {
    kubeConfig.loadFromCluster()
    return kubeConfig
  }
  const [first, ...others] = kubeConfigFiles(env)
  if (!first) throw new Error(notFoundMessage(env))
  loadFile(kubeConfig, first)
  for (const file of others) {
    const more = new KubeConfig()
    loadFile(more, file)
    kubeConfig.mergeConfig(more)
  }
  return kubeConfig
}

/** The pod's own namespace in a cluster, else `default`. */
export function defaultNamespace(): string {
  const file = `${SERVICE_ACCOUNT_DIR}/namespace`
  if (runsInCluster(process.env) && existsSync(file)) return readFileSync(file, 'utf8').trim()
  return 'default'
}

function runsInCluster(env: Env): boolean {
  return Boolean(env.KUBERNETES_SERVICE_HOST) && existsSync(`${SERVICE_ACCOUNT_DIR}/token`)
}

function kubeConfigFiles(env: Env): string[] {
  const named = namedFiles(env)
  if (named.length > 0) return named.filter((file) => existsSync(file))
  const home = homeKubeConfig(env)
  return existsSync(home) ? [home] : []
}

function namedFiles(env: Env): string[] {
  return (env.KUBECONFIG ?? '').split(delimiter).filter(Boolean)
}

function homeKubeConfig(env: Env): string {
  return join(env.HOME || homedir(), '.kube', 'config')
}

function loadFile(kubeConfig: KubeConfig, file: string): void {
  try {
    kubeConfig.loadFromFile(file)
  } catch (error) {
    // client-node's message (a YAML error, EACCES) does not say which file it is about.
    const reason = error instanceof Error ? error.message : String(error)
    throw new Error(`kubeconfig ${file}: ${reason}`, { cause: error })
  }
}

function notFoundMessage(env: Env): string {
  const named = namedFiles(env)
  const looked =
    named.length > 0
      ? `KUBECONFIG (${named.join(', ')}: no such file)`
      : `KUBECONFIG (not set), ${homeKubeConfig(env)} (no such file)`
  return (
    `no kubeconfig found: looked at ${looked} and in-cluster (not a pod with a ServiceAccount). ` +
    'Point KUBECONFIG at a kubeconfig, or start the local cluster: ' +
    'eval "$(npm run --silent cluster:up)"'
  )
}
