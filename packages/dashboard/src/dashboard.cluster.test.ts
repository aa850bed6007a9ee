import { createCachedBackend, LifecycleError } from '@mcp-lifecycle/core'
import {
  createK8sBackend,
  createK8sServerFeed,
  createK8sServerPods,
} from '@mcp-lifecycle/k8s-adapter'
import { createDeployment, createTestNamespace } from '@mcp-lifecycle/k8s-adapter/cluster-fixtures'
import type { ClusterAccess } from '@mcp-lifecycle/k8s-adapter/cluster-fixtures'
import type { Server } from 'node:http'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  button,
  cell,
  hasChromium,
  launchChromium,
  openPage,
  row,
  signIn,
} from './testing/dashboard-page.ts'
import { serveDashboard } from './testing/serve-dashboard.ts'

// The dashboard in Chromium against the local control plane: the manager as main.ts builds
// it (reads from the watch-fed cache, pods for the start-failure reason), a server scaled by
// another client straight through the API server, and the start and stop buttons.
const canRun = hasChromium()
const TOKEN = 'Bearer operator-token'
const authenticator = async (header: string | undefined) => {
  if (header !== TOKEN) throw new LifecycleError('unauthorized', 'Send a valid token.')
  return { id: 'operator', scope: 'write' as const }
}

let access: ClusterAccess
let browser: Browser
let server: Server
let page: Page
const stop = new AbortController()
const cspViolations: string[] = []
/** kwok makes pods Ready within seconds; the cache follows the watch. */
const eventually = { timeout: 60_000, interval: 250 }

beforeAll(async () => {
  if (!canRun) return
  access = await createTestNamespace('dashboard')
  await Promise.all([
    createDeployment(access, { name: 'mcp-a', replicas: 1 }),
    createDeployment(access, { name: 'mcp-b', replicas: 0 }),
    createDeployment(access, { name: 'mcp-bad', replicas: 1, stage: 'image-pull-error' }),
  ])
  const cluster = { kubeConfig: access.kubeConfig, namespace: access.namespace }
  const backend = createCachedBackend(createK8sBackend(cluster), createK8sServerFeed(cluster), {
    namespace: access.namespace,
    signal: stop.signal,
  })
  await backend.synced
  const served = await serveDashboard({
    backend,
    pods: createK8sServerPods(cluster),
    authenticator,
  })
  server = served.server
  browser = await launchChromium()
  page = await openPage(browser, served.url, cspViolations)
  await signIn(page, 'operator-token')
})

afterAll(async () => {
  stop.abort()
  await browser?.close()
  if (server) await new Promise((resolve) => server.close(resolve))
  expect(cspViolations).toEqual([])
})

describe.skipIf(!canRun)('the dashboard on the local control plane', () => {
  it('shows every server, and why one cannot start', async () => {
    await expect.poll(() => cell(row(page, 'mcp-a'), 'status'), eventually).toBe('running')
    expect(await cell(row(page, 'mcp-b'), 'status')).toBe('idle')
    await expect
      .poll(() => row(page, 'mcp-bad').locator('.reason').textContent(), eventually)
      .toMatch(/ImagePullBackOff|ErrImagePull/)
  })

  it('shows a server change state when another client scales it', async () => {
    await expect.poll(() => cell(row(page, 'mcp-a'), 'ready'), eventually).toBe('1 / 1')
    await createK8sBackend({ kubeConfig: access.kubeConfig, namespace: access.namespace }).scale(
      'mcp-a',
      2
    )
    await expect.poll(() => cell(row(page, 'mcp-a'), 'ready'), eventually).toBe('2 / 2')
  })

  it('starts and stops a server with its buttons', async () => {
    const b = row(page, 'mcp-b')
    await button(page, 'Start mcp-b').click()
    await expect.poll(() => cell(b, 'status'), eventually).toBe('running')
    expect(await cell(b, 'ready')).toBe('1 / 1')
    await button(page, 'Stop mcp-b').click()
    await expect.poll(() => cell(b, 'status'), eventually).toBe('idle')
    const deployment = await access.apps.readNamespacedDeployment({
      name: 'mcp-b',
      namespace: access.namespace,
    })
    expect(deployment.spec?.replicas).toBe(0)
  })
})
