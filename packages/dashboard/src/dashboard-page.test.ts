import { DiscoverySummaries, listedNamespaces } from '@mcp-lifecycle/core'
import type { PodSnapshot, ServerPods } from '@mcp-lifecycle/core'
import { headerAuthenticator, MemoryBackend, seededService } from '@mcp-lifecycle/core/testing'
import { createNamespacedApp, createServerApps } from '@mcp-lifecycle/handlers'
import { composeApp } from '@mcp-lifecycle/runtime'
import { serveOnLoopback } from '@mcp-lifecycle/runtime/testing'
import type { Server } from 'node:http'
import type { Browser, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createDashboardApp } from './create-dashboard-app.ts'
import {
  button,
  cell,
  hasChromium,
  launchChromium,
  openPage as open,
  row,
  signIn as signInAs,
} from './testing/dashboard-page.ts'
import { serveDashboard } from './testing/serve-dashboard.ts'

// The dashboard in a real browser: Debian's chromium, headless, driven by playwright-core
// (which never downloads a browser), against a manager composed as apps/server composes it
// (authentication included) over the memory backend, on a loopback port.
const canRun = hasChromium()

const authenticator = headerAuthenticator(
  {
    'Bearer writer-token': { id: 'writer', scope: 'write' },
    'Bearer reader-token': { id: 'reader', scope: 'read' },
    'Bearer team-a-token': { id: 'team-a', scope: 'write', servers: 'team-a/*' },
  },
  'Send a valid token.'
)

/** mcp-broken's pods cannot pull their image; the others have no pods to speak of. */
const pods: ServerPods = {
  async *watchPods(name) {
    yield name === 'mcp-broken' ? [imagePullBackOff] : []
  },
}
const imagePullBackOff: PodSnapshot = {
  name: 'mcp-broken-1',
  uid: 'uid-1',
  ready: false,
  terminating: false,
  ports: [],
  waiting: [{ container: 'server', reason: 'ImagePullBackOff' }],
  conditions: [],
}

let browser: Browser
let backend: MemoryBackend
let discoveryViews: DiscoverySummaries
let url: string
let server: Server
const pages: Page[] = []
const cspViolations: string[] = []

beforeAll(async () => {
  if (canRun) browser = await launchChromium()
}, 60_000)
afterAll(() => browser?.close())

/** A fresh manager per test: each test's clicks act on servers in a known state. */
async function startManager() {
  backend = new MemoryBackend([
    { name: 'mcp-a', replicas: 1, annotations: { 'mcp-lifecycle/idle-timeout': '15m' } },
    { name: 'mcp-b', replicas: 0, templateHash: 't1' },
    { name: 'mcp-broken', replicas: 1, neverReady: true },
    { name: 'web', replicas: 1, mcp: false },
  ])
  backend.services.push(
    seededService({ name: 'mcp-a', clusterIPs: ['10.0.0.7'], ports: [{ port: 8080 }] })
  )
  discoveryViews = new DiscoverySummaries()
  ;({ server, url } = await serveDashboard({ backend, pods, authenticator, discoveryViews }))
}

afterEach(async () => {
  await Promise.all(pages.splice(0).map((page) => page.context().close()))
  if (server) await new Promise((resolve) => server.close(resolve))
  expect(cspViolations.splice(0)).toEqual([])
})

/** A fresh manager, and the dashboard open on it in a fresh browser context. */
async function openPage(): Promise<Page> {
  await startManager()
  const page = await open(browser, url, cspViolations)
  pages.push(page)
  return page
}

const signIn = (page: Page, token = 'writer-token') => signInAs(page, token)
const eventually = { timeout: 5_000 }

describe.skipIf(!canRun)('the dashboard in Chromium', { timeout: 30_000 }, () => {
  it('asks for the token once, and keeps it in the tab only (sessionStorage)', async () => {
    const page = await openPage()
    await page.getByLabel('API token').waitFor()
    await signIn(page)
    await row(page, 'mcp-a').waitFor()
    expect(await page.evaluate(() => sessionStorage.getItem('mcp-lifecycle:token'))).toBe(
      'writer-token'
    )
    expect(await page.evaluate(() => localStorage.length)).toBe(0)
    expect(await page.evaluate<string>('document.cookie')).toBe('')
    expect(page.url()).toBe(url)

    await page.reload()
    await row(page, 'mcp-a').waitFor()
    expect(await page.getByLabel('API token').isVisible()).toBe(false)

    const other = await open(browser, url, cspViolations)
    pages.push(other)
    await other.getByLabel('API token').waitFor()
  })

  it('renders every MCP server from the stream, an idle one as idle', async () => {
    const page = await openPage()
    await signIn(page)
    const a = row(page, 'mcp-a')
    await a.waitFor()
    expect(await page.locator('tbody th').allTextContents()).toEqual([
      'mcp-a',
      'mcp-b',
      'mcp-broken',
    ])
    expect(await cell(a, 'status')).toBe('running')
    expect(await cell(a, 'ready')).toBe('1 / 1')
    expect(await cell(a, 'endpoints')).toBe('http://10.0.0.7:8080')
    expect(await cell(a, 'timeout')).toBe('15m')
    const b = row(page, 'mcp-b')
    expect(await cell(b, 'status')).toBe('idle')
    expect(await b.locator('.badge').getAttribute('data-status')).toBe('stopped')
    expect(await cell(b, 'ready')).toBe('0 / 0')
    expect(await cell(b, 'timeout')).toBe('none')
    const broken = row(page, 'mcp-broken')
    await expect
      .poll(() => broken.locator('.reason').textContent(), eventually)
      .toBe('ImagePullBackOff')
    expect(await broken.locator('.badge').textContent()).toBe('pending')
  })

  it('shows a change made by another client as it happens', async () => {
    const page = await openPage()
    await signIn(page)
    await row(page, 'mcp-a').waitFor()
    const res = await fetch(`${url}servers/mcp-a/scale`, {
      method: 'POST',
      headers: { authorization: 'Bearer writer-token', 'content-type': 'application/json' },
      body: JSON.stringify({ replicas: 3 }),
    })
    expect(res.status).toBe(200)
    await expect.poll(() => cell(row(page, 'mcp-a'), 'ready'), eventually).toBe('3 / 3')
    expect(await cell(row(page, 'mcp-a'), 'status')).toBe('running')
  })

  it('shows whether discovery is kept for a server, and when it was taken, as it changes', async () => {
    const page = await openPage()
    await signIn(page)
    const b = row(page, 'mcp-b')
    await b.waitFor()
    expect(await cell(b, 'discovery')).toBe('unknown')
    discoveryViews.kept('mcp-b', 't1', {
      ...{ revision: '2026-07-28', method: 'tools/list', cursor: '', result: {} },
      ...{ takenAt: Date.now(), scope: 'public' },
    })
    await expect.poll(() => cell(b, 'discovery'), eventually).toBe('kept, just now')
    expect(await b.locator('td time').nth(1).getAttribute('title')).toMatch(/^2026-07-28, taken /)
    discoveryViews.forget('mcp-b')
    await expect.poll(() => cell(b, 'discovery'), eventually).toBe('unknown')
  })

  it('reconnects when the stream drops, and goes on showing changes', async () => {
    const page = await openPage()
    await signIn(page)
    await row(page, 'mcp-a').waitFor()
    server.closeAllConnections()
    await expect
      .poll(() => page.locator('#connection').textContent(), eventually)
      .toMatch(/^Disconnected/)
    await expect.poll(() => page.locator('#connection').textContent(), eventually).toBe('Live')
    await backend.scale('mcp-a', 2)
    await expect.poll(() => cell(row(page, 'mcp-a'), 'ready'), eventually).toBe('2 / 2')
  })

  it('starts, scales and stops a server with its buttons', async () => {
    const page = await openPage()
    await signIn(page)
    const b = row(page, 'mcp-b')
    await b.waitFor()
    await button(page, 'Start mcp-b').click()
    await expect.poll(() => cell(b, 'status'), eventually).toBe('running')
    expect(await cell(b, 'ready')).toBe('1 / 1')

    await page.getByLabel('Replicas for mcp-b', { exact: true }).fill('2')
    await button(page, 'Scale mcp-b').click()
    await expect.poll(() => cell(b, 'ready'), eventually).toBe('2 / 2')

    await button(page, 'Stop mcp-b').click()
    await expect.poll(() => cell(b, 'status'), eventually).toBe('idle')
    expect(backend.calls.deletePods).toBe(0)
    expect(await button(page, 'Start mcp-b').isEnabled()).toBe(true)
  })

  it('asks before a forced stop, and does nothing when the answer is no', async () => {
    const page = await openPage()
    await signIn(page)
    const a = row(page, 'mcp-a')
    await a.waitFor()
    const forceStop = button(page, 'Force stop mcp-a')

    const declined = new Promise<string>((resolve) =>
      page.once('dialog', (dialog) => (resolve(dialog.message()), void dialog.dismiss()))
    )
    await forceStop.click()
    expect(await declined).toContain('Force stop mcp-a?')
    expect(backend.peek('mcp-a')?.desiredReplicas).toBe(1)
    expect(backend.calls.deletePods).toBe(0)

    page.once('dialog', (dialog) => void dialog.accept())
    await forceStop.click()
    await expect.poll(() => cell(a, 'status'), eventually).toBe('idle')
    expect(backend.calls.deletePods).toBe(1)
  })

  it('asks again for a token the API refuses, and shows why an action was refused', async () => {
    const page = await openPage()
    await signIn(page, 'not-a-token')
    await expect
      .poll(() => page.getByRole('alert').textContent(), eventually)
      .toBe('Send a valid token.')
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0)

    await signIn(page, 'reader-token')
    await row(page, 'mcp-b').waitFor()
    await button(page, 'Start mcp-b').click()
    await expect.poll(() => page.getByRole('alert').textContent(), eventually).toMatch(/^mcp-b: /)
    expect(backend.peek('mcp-b')?.desiredReplicas).toBe(0)
  })

  it('forgets the token on request', async () => {
    const page = await openPage()
    await signIn(page)
    await row(page, 'mcp-a').waitFor()
    await button(page, 'Forget token').click()
    await page.getByLabel('API token').waitFor()
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0)
    expect(await row(page, 'mcp-a').count()).toBe(0)
  })
})

/** Backends of the namespaces of a manager given several: one server name in two of them. */
let teams: Record<'team-a' | 'team-b', MemoryBackend>

/** A manager of three namespaces (as MCPL_NAMESPACES gives), its namespaced routes too. */
async function openNamespacedPage(token: string): Promise<Page> {
  backend = new MemoryBackend([{ name: 'mcp-a', replicas: 1 }])
  teams = {
    'team-a': new MemoryBackend([{ name: 'github', replicas: 0 }]),
    'team-b': new MemoryBackend([{ name: 'github', replicas: 0 }, { name: 'notes' }]),
  }
  const namespaces = listedNamespaces('mcp', [
    { namespace: 'mcp', backend },
    ...Object.entries(teams).map(([namespace, b]) => ({ namespace, backend: b })),
  ])
  const deps = { backend, pods, authenticator, namespaces }
  const apps = createServerApps(deps)
  const app = composeApp(deps, [...apps, createNamespacedApp(deps, apps), createDashboardApp(deps)])
  const served = await serveOnLoopback(app.fetch)
  server = served.server
  url = `${served.url}/`
  const page = await open(browser, url, cspViolations)
  pages.push(page)
  await signInAs(page, token)
  return page
}

const namespaceColumnShown = (page: Page) => page.locator('thead th.namespace').isVisible()

describe.skipIf(!canRun)('the dashboard of several namespaces', { timeout: 30_000 }, () => {
  it('groups the servers by namespace, with a namespace column, and acts in the right one', async () => {
    const page = await openNamespacedPage('writer-token')
    const inB = row(page, 'github', 'team-b')
    await inB.waitFor()
    await row(page, 'github', 'team-a').waitFor()
    // In namespace then name order: the namespace cell, then the name (the row's header).
    const rows = page.locator('tbody tr')
    const shown = await rows.evaluateAll((trs) =>
      trs.map((tr) => `${tr.getAttribute('data-namespace')}/${tr.getAttribute('data-server')}`)
    )
    expect(shown).toEqual(['mcp/mcp-a', 'team-a/github', 'team-b/github', 'team-b/notes'])
    expect(await namespaceColumnShown(page)).toBe(true)
    expect(await cell(inB, 'namespace')).toBe('team-b')

    await inB.getByRole('button', { name: 'Start github', exact: true }).click()
    await expect.poll(() => cell(inB, 'status'), eventually).toBe('running')
    expect(teams['team-b'].peek('github')?.desiredReplicas).toBe(1)
    expect(teams['team-a'].peek('github')?.desiredReplicas).toBe(0)

    teams['team-b'].remove('notes')
    await expect.poll(() => row(page, 'notes', 'team-b').count(), eventually).toBe(0)
    expect(await row(page, 'github', 'team-a').count()).toBe(1)
  })

  it("shows a tenant its own namespace alone, without the column, and nothing of another's", async () => {
    const page = await openNamespacedPage('team-a-token')
    await row(page, 'github', 'team-a').waitFor()
    expect(await namespaceColumnShown(page)).toBe(false)
    await teams['team-b'].scale('github', 2)
    teams['team-b'].remove('notes')
    await backend.scale('mcp-a', 3)
    await teams['team-a'].scale('github', 1)
    await expect.poll(() => cell(row(page, 'github', 'team-a'), 'ready'), eventually).toBe('1 / 1')
    expect(await page.locator('tbody tr').count()).toBe(1)
  })
})
