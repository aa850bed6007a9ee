import type { FeedEvent, Placed } from '@mcp-lifecycle/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDeployment, createTestNamespace, type ClusterAccess } from './cluster-fixtures.ts'
import { createK8sAdapter, type K8sAdapter } from './create-k8s-backend.ts'
import {
  applyRbacOverlay,
  itMakesEveryCall,
  kubectl,
  serviceAccountKubeConfig,
} from './manager-calls-fixture.ts'

// MCPL_NAMESPACES=* on RBAC: the manager's ServiceAccount given infra/cluster-scope follows the
// MCP servers of every namespace with one cluster-scoped list-watch per kind (Deployments by
// the MCP label), acts in any namespace as in its own, and nothing beyond the Role's rules.
let home: ClusterAccess
let elsewhere: ClusterAccess
let manager: K8sAdapter

beforeAll(async () => {
  ;[home, elsewhere] = await Promise.all([
    createTestNamespace('scope-home'),
    createTestNamespace('scope-elsewhere'),
  ])
  const binding = { kind: 'ClusterRoleBinding', name: 'mcp-lifecycle-cluster' }
  applyRbacOverlay('cluster-scope', binding, home, home.namespace)
  manager = createK8sAdapter({
    kubeConfig: await serviceAccountKubeConfig(home),
    namespace: home.namespace,
  })
  await Promise.all([
    ...[home, elsewhere].map((access) => createDeployment(access, { name: 'srv', replicas: 0 })),
    createDeployment(elsewhere, { name: 'not-mcp', replicas: 0, mcp: false }),
  ])
}, 60_000)

afterAll(async () => {
  kubectl('delete', 'clusterrolebinding', 'mcp-lifecycle-cluster', '--ignore-not-found')
  await Promise.all(
    [home, elsewhere].map((access) => access?.core.deleteNamespace({ name: access.namespace }))
  )
})

/** The first list of a feed, as `namespace/name`, once its watch was answered too. */
async function firstList<T>(
  events: (signal: AbortSignal) => AsyncIterable<FeedEvent<T>>,
  nameOf: (object: T) => string
): Promise<string[]> {
  const stop = new AbortController()
  const signal = AbortSignal.any([stop.signal, AbortSignal.timeout(20_000)])
  let listed: Placed<T>[] | undefined
  try {
    for await (const event of events(signal)) {
      if (event.type === 'failed') throw event.error
      if (event.type === 'list') listed = event.items
      if (event.type === 'connected' && listed)
        return listed.map((item) => `${item.namespace}/${nameOf(item.object)}`)
    }
  } finally {
    stop.abort()
  }
  throw new Error('the feed ended')
}

describe('RBAC of MCPL_NAMESPACES=* (infra/cluster-scope)', () => {
  it('lists and watches the MCP Deployments of every namespace by label, and the Services', async () => {
    const servers = await firstList(manager.clusterFeed.deployments, (d) => d.name)
    expect(servers).toEqual(
      expect.arrayContaining([`${home.namespace}/srv`, `${elsewhere.namespace}/srv`])
    )
    expect(servers).not.toContain(`${elsewhere.namespace}/not-mcp`)
    await expect(firstList(manager.clusterFeed.services, (s) => s.name)).resolves.toBeInstanceOf(
      Array
    )
  })

  itMakesEveryCall([
    ['its own namespace', () => manager],
    ['any other namespace', () => manager.inNamespace(elsewhere.namespace)],
  ])

  it('grants nothing beyond the Role: no Secrets, no Deployment deleted or created', async () => {
    const asManager = (verb: string, resource: string, namespace: string) =>
      kubectl(
        'auth',
        'can-i',
        verb,
        resource,
        '-n',
        namespace,
        `--as=system:serviceaccount:${home.namespace}:mcp-lifecycle`
      )
    for (const [verb, resource] of [
      ['list', 'secrets'],
      ['get', 'secrets'],
      ['delete', 'deployments'],
      ['create', 'deployments'],
      ['update', 'deployments'],
      ['create', 'pods'],
      ['delete', 'configmaps'],
      ['list', 'namespaces'],
    ]) {
      expect(
        () => asManager(verb!, resource!, elsewhere.namespace),
        `${verb} ${resource}`
      ).toThrow()
    }
    expect(String(asManager('watch', 'deployments', elsewhere.namespace)).trim()).toBe('yes')
  })
})
