import { createHmac } from 'node:crypto'
import { RateLimiter, WaitSlots } from '@mcp-lifecycle/core'
import {
  createEventsApp,
  createHooksApp,
  createScaleApp,
  createStartApp,
} from '@mcp-lifecycle/handlers'
import type { HooksDeps } from '@mcp-lifecycle/handlers'
import { createK8sAdapter } from '@mcp-lifecycle/k8s-adapter'
import { createDeployment, createTestNamespace } from '@mcp-lifecycle/k8s-adapter/cluster-fixtures'
import type { ClusterAccess } from '@mcp-lifecycle/k8s-adapter/cluster-fixtures'
import { CloudEvent, HTTP } from 'cloudevents'
import { pino } from 'pino'
import { beforeAll, describe, expect, it } from 'vitest'
import { jsonPost } from '@mcp-lifecycle/core/testing'
import { writeTempJson } from '@mcp-lifecycle/auth/testing'
import { composeApp } from './compose-app.ts'
import { parseSettings } from './settings.ts'
import { createWebhookSecrets } from '@mcp-lifecycle/auth'
import { createAuthenticator } from './authenticator-from-settings.ts'

// The cases of the hardening review, on the local control plane: each ends before the
// cluster is touched, and the cluster is proven unchanged (Deployments and the delivery record).
const WRITE = 'write-token-0123456789abcdef'
const READ = 'read-token-0123456789abcdefgh'
const HOOK_SECRET = 'hook-secret-0123456789abcdef'
let access: ClusterAccess
let base: HooksDeps

function app(overrides: Partial<HooksDeps> = {}) {
  const deps = { ...base, ...overrides }
  const operations = [createStartApp, createScaleApp, createEventsApp, createHooksApp].map((f) =>
    f(deps)
  )
  return composeApp(deps, operations)
}

beforeAll(async () => {
  access = await createTestNamespace('hardening')
  const tokens = writeTempJson('tokens.json', {
    tokens: [
      { id: 'writer', scope: 'write', token: WRITE },
      { id: 'reader', scope: 'read', token: READ },
    ],
  })
  const secrets = writeTempJson('secrets.json', { ci: HOOK_SECRET })
  const settings = parseSettings({ MCPL_TOKENS_FILE: tokens })
  base = {
    ...createK8sAdapter({ kubeConfig: access.kubeConfig, namespace: access.namespace }),
    authenticator: createAuthenticator(settings, pino({ level: 'silent' })),
    webhookSecrets: createWebhookSecrets(secrets, () => {}),
  }
  await createDeployment(access, { name: 'mcp-b2', replicas: 0 })
  await createDeployment(access, { name: 'mcp-slow', replicas: 0, stage: 'never-ready' })
})

/** What a change would move: the Deployment's spec and the delivery record. */
async function clusterState(name = 'mcp-b2') {
  const d = await access.apps.readNamespacedDeployment({ name, namespace: access.namespace })
  const record = await access.core.readNamespacedConfigMap({
    name: 'mcp-lifecycle-deliveries',
    namespace: access.namespace,
  })
  return {
    replicas: d.spec?.replicas,
    generation: d.metadata?.generation,
    record: record.metadata?.resourceVersion,
  }
}

const post = jsonPost
const bearer = (token: string) => ({ authorization: `Bearer ${token}` })
const hmac = (body: string, key: string) =>
  `sha256=${createHmac('sha256', key).update(body).digest('hex')}`

describe('webhooks: no way in without the secret', () => {
  it.each([
    ['with a secrets file', {}],
    ['without any secrets file', { webhookSecrets: createWebhookSecrets(undefined, () => {}) }],
  ])('POST /hooks/constructor signed with the Object function text is 404 %s', async (_c, o) => {
    const before = await clusterState()
    const body = '{"action":"scale","name":"mcp-b2","replicas":3}'
    const res = await app(o).request(
      '/hooks/constructor',
      post(body, { 'x-hub-signature-256': hmac(body, 'function Object() { [native code] }') })
    )
    expect(res.status).toBe(404)
    expect(await clusterState()).toEqual(before)
  })
})

describe('events: access and rate before any cluster call', () => {
  const scaleEvent = (id: string) =>
    HTTP.binary(
      new CloudEvent({
        type: 'dev.mcp-lifecycle.server.scale',
        source: '/attacker',
        id,
        datacontenttype: 'application/json',
        data: { name: 'mcp-b2', replicas: 2 },
      })
    )
  const send = (target: ReturnType<typeof app>, id: string, token: string) => {
    const message = scaleEvent(id)
    return target.request('/events', {
      method: 'POST',
      headers: { ...(message.headers as Record<string, string>), ...bearer(token) },
      body: message.body as string,
    })
  }

  it('a read-only token sending 20 events gets 403s and writes nothing', async () => {
    const before = await clusterState()
    const target = app()
    for (let i = 0; i < 20; i++) expect((await send(target, `r-${i}`, READ)).status).toBe(403)
    expect(await clusterState()).toEqual(before)
  })

  it('a rate-limited sender gets 429 without claiming a delivery', async () => {
    const target = app({ rateLimiter: new RateLimiter(1, 1) })
    expect((await send(target, 'w-1', WRITE)).status).toBe(200)
    const before = await clusterState()
    for (let i = 2; i < 6; i++) expect((await send(target, `w-${i}`, WRITE)).status).toBe(429)
    expect(await clusterState()).toEqual(before)
  })
})

describe('too many waits: answered before anything changes', () => {
  it('a start and a webhook scale that cannot wait leave the server and the record as they were', async () => {
    const waitSlots = new WaitSlots(1)
    const target = app({ waitSlots })
    // One wait holds the only slot: a start of a server that never becomes ready.
    const holder = new AbortController()
    const held = target.request('/servers/mcp-slow/start', {
      ...post({ wait_ready: true, timeout: 60 }, bearer(WRITE)),
      signal: holder.signal,
    })
    await expect.poll(() => waitSlots.inUse, { timeout: 10_000 }).toBe(1)
    const before = await clusterState()
    const start = await target.request(
      '/servers/mcp-b2/start',
      post({ wait_ready: true }, bearer(WRITE))
    )
    expect(start.status).toBe(503)
    const body = '{"action":"scale","name":"mcp-b2","replicas":2,"wait_ready":true}'
    const hook = await target.request(
      '/hooks/ci',
      post(body, { 'x-hub-signature-256': hmac(body, HOOK_SECRET), 'x-github-delivery': 'd-1' })
    )
    expect(hook.status).toBe(503)
    expect(await clusterState()).toEqual(before)
    holder.abort()
    await Promise.resolve(held).catch(() => {})
    await expect.poll(() => waitSlots.inUse, { timeout: 10_000 }).toBe(0)
    // The same delivery, retried once a slot is free, acts.
    const retry = await target.request(
      '/hooks/ci',
      post(body, { 'x-hub-signature-256': hmac(body, HOOK_SECRET), 'x-github-delivery': 'd-1' })
    )
    expect(retry.status).toBe(200)
    expect((await clusterState()).replicas).toBe(2)
  })
})

describe('query strings are strict on mutations', () => {
  it.each(['?dryRun=All', '?DRY_RUN=true'])('%s is 400 and makes no change', async (query) => {
    const before = await clusterState()
    const res = await app().request(
      `/servers/mcp-b2/scale${query}`,
      post({ replicas: 5 }, bearer(WRITE))
    )
    expect(res.status).toBe(400)
    expect(await clusterState()).toEqual(before)
  })
})
