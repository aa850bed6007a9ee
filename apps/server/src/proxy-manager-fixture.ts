// Shared by the proxy's cluster tests: the manager as apps/server composes it for wake on
// request, over the real adapter on the local control plane, served on 127.0.0.1.
import { serve, type ServerType } from '@hono/node-server'
import { createActivator, type Activator, type ActivatorOptions } from '@mcp-lifecycle/activator'
import { LifecycleError, type Principal } from '@mcp-lifecycle/core'
import { createK8sAdapter } from '@mcp-lifecycle/k8s-adapter'
import type { ClusterAccess } from '@mcp-lifecycle/k8s-adapter/cluster-fixtures'
import { startPodProcesses, type PodProcesses } from '@mcp-lifecycle/k8s-adapter/pod-processes'
import type { AddressInfo } from 'node:net'
import { createServerApp } from './create-server-app.ts'

export interface ProxyManager {
  /** http://127.0.0.1:<port> */
  base: string
  activator: Activator
  close(): void
}

type Authenticate = (header: string | undefined) => Promise<Principal>

/** Bearer headers to principals, from a Map (a header is untrusted: never a plain object's key). */
export function tokenAuthenticator(tokens: Record<string, Principal>): Authenticate {
  const byHeader = new Map(Object.entries(tokens))
  return async (header) => {
    const principal = header === undefined ? undefined : byHeader.get(header)
    if (!principal) throw new LifecycleError('unauthorized', 'Send a token.')
    return principal
  }
}

/** A real example MCP server process, in `mode`, for each pod of `labelSelector` (port 8080). */
export function runExamplePods(
  access: ClusterAccess,
  labelSelector: string,
  mode: string
): Promise<PodProcesses> {
  return startPodProcesses({
    kubeConfig: access.kubeConfig,
    namespace: access.namespace,
    labelSelector,
    port: 8080,
    args: ['--mode', mode],
  })
}

export async function serveProxyManager(
  access: ClusterAccess,
  authenticator: Authenticate,
  extra: Partial<ActivatorOptions> = {}
): Promise<ProxyManager> {
  const adapter = createK8sAdapter({ kubeConfig: access.kubeConfig, namespace: access.namespace })
  // The views show what the activator's keeper read and wrote, as the runtime composes them.
  const views = extra.discoverySummaries
  const deps = { backend: adapter.backend, authenticator, ...(views && { discoveryViews: views }) }
  const activator = createActivator(deps, { pods: adapter.pods, ...extra })
  const app = createServerApp(deps, undefined, activator)
  const server = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s))
  })
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    activator,
    close() {
      activator.close()
      server.close()
    },
  }
}
