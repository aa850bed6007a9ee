import { serve, type ServerType } from '@hono/node-server'
import { parseSettings, type LifecycleBackend, type Limits, type Settings } from '@mcp-lifecycle/core'
import type { Hono } from 'hono'
import { createK8sBackend } from '@mcp-lifecycle/k8s-adapter'

/** Everything an entry point needs, built once from the environment. */
export interface Runtime {
  settings: Settings
  backend: LifecycleBackend
  limits: Limits
}

export function createRuntime(env: Record<string, string | undefined> = process.env): Runtime {
  const settings = parseSettings(env)
  const backend = createK8sBackend({
    ...(settings.MCPL_NAMESPACE && { namespace: settings.MCPL_NAMESPACE }),
    selector: settings.MCPL_SELECTOR,
    endpointOptions: { nodeHosts: settings.MCPL_NODE_HOSTS, clusterDomain: settings.MCPL_CLUSTER_DOMAIN },
  })
  const limits = { maxReplicas: settings.MCPL_MAX_REPLICAS, maxTimeoutSeconds: settings.MCPL_MAX_TIMEOUT_SECONDS }
  return { settings, backend, limits }
}

/** Serves an app on HOST:PORT; on SIGTERM or SIGINT stops accepting and exits once drained. */
export function serveApp(app: Hono, settings: Settings, label: string): ServerType {
  const server = serve({ fetch: app.fetch, port: settings.PORT, hostname: settings.HOST }, (info) => {
    console.log(JSON.stringify({ level: 'info', msg: `${label} listening`, address: info.address, port: info.port }))
  })
  const shutdown = () => {
    server.close(() => process.exit(0))
    // In-flight waits are bounded by their own timeouts; do not hang past a grace period.
    setTimeout(() => process.exit(0), 10_000).unref()
  }
  process.once('SIGTERM', shutdown)
  process.once('SIGINT', shutdown)
  return server
}

/** Start-up failures (bad configuration, no kubeconfig) print one line and exit 1. */
export function startOrExit(start: () => void): void {
  try {
    start()
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error))
    process.exit(1)
  }
}
