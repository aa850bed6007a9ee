// Shared by the proxy's cluster tests: a test file's scene, set up before its tests and closed
// after them. A fresh namespace, its Deployments, real example server processes on their pods,
// and the manager serving it.
import type { ActivatorOptions } from '@mcp-lifecycle/activator'
import { createDeployment } from '@mcp-lifecycle/k8s-adapter/cluster-fixtures'
import type { ClusterAccess, DeploymentSpec } from '@mcp-lifecycle/k8s-adapter/cluster-fixtures'
import { TestScene } from '@mcp-lifecycle/k8s-adapter/test-scene'
import { afterAll, beforeAll } from 'vitest'
import { discoveryStoreOf, serveProxyManager } from './proxy-manager-fixture.ts'
import type { Authenticate, ProxyManager } from './proxy-manager-fixture.ts'

/** A test file's scene once set up. */
export interface ProxyScene {
  scene: TestScene
  access: ClusterAccess
  manager: ProxyManager
}

export interface ProxySceneSpec {
  /** The prefix of the fresh namespace. */
  namespace: string
  /** Creates the scene's Deployments in its namespace. */
  deploy: (access: ClusterAccess) => Promise<unknown>
  /** The pods that run a real example server: a label selector, and the server's mode. */
  examplePods: { selector: string; mode: string }
  authenticator: Authenticate
  /** The activator's options, once the namespace is known. */
  options?: (access: ClusterAccess) => Partial<ActivatorOptions>
}

/** Sets the scene up before the file's tests and closes it after; the function returned gives it. */
export function useProxyScene(spec: ProxySceneSpec): () => ProxyScene {
  const scene = new TestScene()
  let served: ProxyScene | undefined
  beforeAll(async () => {
    const access = await scene.namespace(spec.namespace)
    await spec.deploy(access)
    await scene.examplePods(access, spec.examplePods.selector, spec.examplePods.mode)
    const options = spec.options?.(access)
    const manager = await serveProxyManager(scene, access, spec.authenticator, options)
    served = { scene, access, manager }
  })
  afterAll(() => scene.close())
  return () => {
    if (!served) throw new Error('The scene is not set up: call this inside a test.')
    return served
  }
}

/**
 * The scene of a discovery test: one server's Deployment, a real example server process per pod
 * in `mode`, and the manager with the ConfigMap discovery store.
 */
export function useDiscoveryScene(
  namespace: string,
  server: { deployment: DeploymentSpec; mode: string },
  authenticator: Authenticate,
  extra: Partial<ActivatorOptions> = {}
): () => ProxyScene {
  return useProxyScene({
    namespace,
    deploy: (access) => createDeployment(access, server.deployment),
    examplePods: { selector: `app=${server.deployment.name}`, mode: server.mode },
    authenticator,
    options: (access) => ({ discovery: discoveryStoreOf(access), ...extra }),
  })
}
