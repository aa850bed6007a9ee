// Shared by the proxy's cluster tests: the manager as apps/server composes it for wake on
// request, over the real adapter on the local control plane, served on 127.0.0.1.
import { serve, type ServerType } from '@hono/node-server'
import { createActivator, type Activator, type ActivatorOptions } from '@mcp-lifecycle/activator'
import {
  LifecycleError,
  type PodSnapshot,
  type Principal,
  type ServerPods,
} from '@mcp-lifecycle/core'
import { createK8sAdapter } from '@mcp-lifecycle/k8s-adapter'
import {
  livePodNames,
  replicasOf,
  scaleDeployment,
} from '@mcp-lifecycle/k8s-adapter/cluster-fixtures'
import type { ClusterAccess } from '@mcp-lifecycle/k8s-adapter/cluster-fixtures'
import type { TestScene } from '@mcp-lifecycle/k8s-adapter/test-scene'
import type { AddressInfo } from 'node:net'
import { expect } from 'vitest'
import { createServerApp } from './create-server-app.ts'

export interface ProxyManager {
  /** http://127.0.0.1:<port> */
  base: string
  activator: Activator
  /** Whether the manager's own pod watch last showed a Ready pod of the server. */
  readyPodSeen(name: string): boolean
  close(): void
}

export type Authenticate = (header: string | undefined) => Promise<Principal>

/** Accepts `Bearer <id>-token` for each principal (from a Map: a header is untrusted). */
export function bearerTokens(...principals: Principal[]): Authenticate {
  const byHeader = new Map(principals.map((p) => [`Bearer ${p.id}-token`, p]))
  return async (header) => {
    const principal = header === undefined ? undefined : byHeader.get(header)
    if (!principal) throw new LifecycleError('unauthorized', 'Send a token.')
    return principal
  }
}

export const WRITER: Principal = { id: 'writer', scope: 'write' }
export const READER: Principal = { id: 'reader', scope: 'read' }

/** The ConfigMap discovery store of `access`'s namespace, as the runtime composes it. */
export const discoveryStoreOf = (access: ClusterAccess) =>
  createK8sAdapter({ kubeConfig: access.kubeConfig, namespace: access.namespace }).discovery

/** The methods whose answers the discovery store of `access` keeps for `name`, sorted. */
export const keptMethods = async (access: ClusterAccess, name: string) =>
  (await discoveryStoreOf(access).read(name))?.answers.map((a) => a.method).sort()

/** The methods kept of a server answering 2026-07-28, as keptMethods gives them (sorted). */
export const KEPT_2026 = [
  'prompts/list',
  'resources/list',
  'resources/templates/list',
  'server/discover',
  'tools/list',
]

/**
 * The reads the discovery tests make of server `name`, once `of()` gives the test file's
 * namespace and manager: its desired replicas, putting it to sleep, the methods kept for it.
 */
export function serverReads(
  of: () => { access: ClusterAccess; manager: ProxyManager },
  name: string
) {
  return {
    replicas: () => replicasOf(of().access, name),
    sleep: () => putToSleep(of().access, of().manager, name),
    kept: () => keptMethods(of().access, name),
  }
}

/** Serves `app` on 127.0.0.1 at a free port. */
export async function serveOnLoopback(app: {
  fetch: (request: Request) => Response | Promise<Response>
}) {
  const server = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s))
  })
  return { server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }
}

/** The composed manager over `access`, closed by `scene`. */
export async function serveProxyManager(
  scene: TestScene,
  access: ClusterAccess,
  authenticator: Authenticate,
  extra: Partial<ActivatorOptions> = {}
): Promise<ProxyManager> {
  const adapter = createK8sAdapter({ kubeConfig: access.kubeConfig, namespace: access.namespace })
  // The views show what the activator's keeper read and wrote, as the runtime composes them.
  const views = extra.discoverySummaries
  const deps = { backend: adapter.backend, authenticator, ...(views && { discoveryViews: views }) }
  const seen = podsAsSeen(extra.pods ?? adapter.pods)
  const activator = createActivator(deps, { ...extra, pods: seen.pods })
  const { server, base } = await serveOnLoopback(createServerApp(deps, undefined, activator))
  const manager: ProxyManager = {
    base,
    activator,
    readyPodSeen: seen.readyPodSeen,
    close() {
      activator.close()
      server.close()
    },
  }
  return scene.adopt(manager, (m) => m.close())
}

/**
 * The pods the manager's own watch last showed of each server. Tests that stop a server wait on
 * it too: under load it may lag behind the API, and a request would go to a pod it still thinks
 * Ready (then wake the server).
 */
function podsAsSeen(pods: ServerPods) {
  const last = new Map<string, PodSnapshot[]>()
  // Not an async generator: its return() would wait for a pending next(), and the activator
  // ends a watch while a next() is pending.
  const watched: ServerPods = {
    watchPods(name, signal) {
      const inner = pods.watchPods(name, signal)[Symbol.asyncIterator]()
      const iterator: AsyncIterator<PodSnapshot[]> = {
        next: async () => {
          const result = await inner.next()
          // A watch that ended shows nothing: the next one starts from a fresh list.
          if (result.done) last.delete(name)
          else last.set(name, result.value)
          return result
        },
        return: async (value) => {
          last.delete(name)
          return (await inner.return?.(value)) ?? { done: true, value }
        },
      }
      return { [Symbol.asyncIterator]: () => iterator }
    },
  }
  return {
    pods: watched,
    readyPodSeen: (name: string) => last.get(name)?.some((pod) => pod.ready) ?? false,
  }
}

/** Scales the server to 0 and waits until its pods are gone, for the API and for the manager. */
export async function putToSleep(access: ClusterAccess, manager: ProxyManager, name: string) {
  await scaleDeployment(access, name, 0)
  await expect.poll(() => livePodNames(access, name), { timeout: 60_000 }).toEqual([])
  // The Deployment's status follows its pods through two controllers: until it shows no ready
  // replica, the proxy does not take the server for asleep, and a request wakes it (a CI flake).
  await expect.poll(() => readyReplicasOf(access, name), { timeout: 30_000 }).toBe(0)
  // Asleep for the manager too, or a request would go to the pod it still thinks Ready.
  await expect.poll(() => manager.readyPodSeen(name), { timeout: 30_000 }).toBe(false)
}

async function readyReplicasOf(access: ClusterAccess, name: string): Promise<number> {
  const deployment = await access.apps.readNamespacedDeployment({
    name,
    namespace: access.namespace,
  })
  return deployment.status?.readyReplicas ?? 0
}
