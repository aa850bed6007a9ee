import { createHmac } from 'node:crypto'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { RateLimiter, WaitSlots } from '@mcp-lifecycle/core'
import {
  createEventsApp,
  createHooksApp,
  createScaleApp,
  createStartApp,
  createStatusApp,
  createStopApp,
} from '@mcp-lifecycle/handlers'
import type { HooksDeps } from '@mcp-lifecycle/handlers'
import { createK8sAdapter } from '@mcp-lifecycle/k8s-adapter'
import {
  createDeployment,
  createTestNamespace,
  replicasOf,
} from '@mcp-lifecycle/k8s-adapter/cluster-fixtures'
import type { ClusterAccess } from '@mcp-lifecycle/k8s-adapter/cluster-fixtures'
import { CloudEvent, HTTP } from 'cloudevents'
import { exportJWK, generateKeyPair, SignJWT } from 'jose'
import { pino } from 'pino'
import { beforeAll, describe, expect, it } from 'vitest'
import { jsonPost } from '@mcp-lifecycle/core/testing'
import { composeApp } from './compose-app.ts'
import { parseSettings } from './settings.ts'
import { createAuthenticator } from './authenticator-from-settings.ts'

// Every way in, on the local control plane: each rejection leaves the cluster as it was.
const WRITE = 'write-token-0123456789abcdef'
const READ = 'read-token-0123456789abcdefgh'
const NARROW = 'narrow-token-0123456789abcdef'
const HOOK_SECRET = 'hook-secret-0123456789abcdef'

let access: ClusterAccess
let jwt: (claims: Record<string, unknown>, expiresIn?: string) => Promise<string>
let deps: HooksDeps

/** A fresh app over a fresh backend: what a restarted (or another) replica would be. */
function newApp(overrides: Partial<HooksDeps> = {}) {
  const all = {
    ...deps,
    ...createK8sAdapter({ kubeConfig: access.kubeConfig, namespace: access.namespace }),
    ...overrides,
  }
  const operations = [
    createStatusApp(all),
    createStartApp(all),
    createStopApp(all),
    createScaleApp(all),
    createEventsApp(all),
    createHooksApp(all),
  ]
  return composeApp(all, operations)
}

beforeAll(async () => {
  access = await createTestNamespace('security')
  const dir = mkdtempSync(join(tmpdir(), 'mcpl-sec-'))
  writeFileSync(
    join(dir, 'tokens.json'),
    JSON.stringify({
      tokens: [
        { id: 'writer', scope: 'write', token: WRITE },
        { id: 'reader', scope: 'read', token: READ },
        { id: 'narrow', scope: 'write', servers: 'mcp-*', token: NARROW },
      ],
    })
  )
  const { publicKey, privateKey } = await generateKeyPair('ES256')
  // The issuer's key set, answered by a stand-in for the issuer's https: JWKS URL.
  const jwks = JSON.stringify({
    keys: [{ ...(await exportJWK(publicKey)), kid: 'k', alg: 'ES256' }],
  })
  const issuerFetch = (async (url: string | URL | Request) =>
    String(url) === 'https://issuer.test/jwks.json'
      ? new Response(jwks, { headers: { 'content-type': 'application/json' } })
      : new Response(null, { status: 404 })) as typeof fetch
  // Tokens and JWTs both, dispatched by the production authenticator as the settings ask.
  const settings = parseSettings({
    MCPL_TOKENS_FILE: join(dir, 'tokens.json'),
    MCPL_JWT_JWKS_URL: 'https://issuer.test/jwks.json',
    MCPL_JWT_ISSUER: 'https://issuer.test',
    MCPL_JWT_AUDIENCE: 'mcpl',
  })
  jwt = (claims, expiresIn = '5m') =>
    new SignJWT({ iss: 'https://issuer.test', aud: 'mcpl', sub: 'svc', ...claims })
      .setProtectedHeader({ alg: 'ES256', kid: 'k' })
      .setIssuedAt()
      .setExpirationTime(expiresIn)
      .sign(privateKey)
  deps = {
    ...createK8sAdapter({ kubeConfig: access.kubeConfig, namespace: access.namespace }),
    authenticator: createAuthenticator(settings, pino({ level: 'silent' }), {
      fetch: issuerFetch,
    }),
    webhookSecrets: () => new Map([['ci', HOOK_SECRET]]),
    maxBodyBytes: 2048,
  }
  await createDeployment(access, { name: 'target', replicas: 1 })
  await createDeployment(access, { name: 'mcp-allowed', replicas: 0 })
})

async function fingerprint(name = 'target') {
  const d = await access.apps.readNamespacedDeployment({ name, namespace: access.namespace })
  return JSON.stringify([d.metadata?.generation, d.spec?.replicas, d.metadata?.annotations])
}

const json = jsonPost
const bearer = (token: string) => ({ authorization: `Bearer ${token}` })
const sign = (body: string, secret = HOOK_SECRET) =>
  `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`
/** A POST of `event` in binary mode, with a write token. */
function cloudEventPost(event: CloudEvent<unknown>): RequestInit {
  const m = HTTP.binary(event)
  return {
    method: 'POST',
    body: m.body as string,
    headers: { ...(m.headers as Record<string, string>), ...bearer(WRITE) },
  }
}

describe('rejections leave the cluster unchanged', () => {
  const scale3 = { replicas: 3 }
  /** A scale of target with `body`, with the bearer token given (or made) when the case runs. */
  const scaleTarget =
    (body: unknown, token?: string | (() => Promise<string>)) =>
    async (): Promise<[string, RequestInit]> => {
      const value = typeof token === 'function' ? await token() : token
      return ['/servers/target/scale', json(body, value === undefined ? {} : bearer(value))]
    }
  const cases: [string, () => Promise<[string, RequestInit]>, number][] = [
    ['no token', scaleTarget(scale3), 401],
    ['a wrong token', scaleTarget(scale3, 'wrong-token-0123456789abcdef'), 401],
    ['a read token on a mutation', scaleTarget(scale3, READ), 403],
    ['a name outside the token pattern', scaleTarget(scale3, NARROW), 403],
    [
      'an expired JWT',
      scaleTarget(scale3, () => jwt({ scope: 'mcp-lifecycle:write' }, '-1m')),
      401,
    ],
    [
      'a JWT for another audience',
      scaleTarget(scale3, () => jwt({ scope: 'mcp-lifecycle:write', aud: 'x' })),
      401,
    ],
    [
      'a JWT with the read scope',
      scaleTarget(scale3, () => jwt({ scope: 'mcp-lifecycle:read' })),
      403,
    ],
    [
      'a webhook without signature',
      async () => ['/hooks/ci', json({ action: 'scale', name: 'target', replicas: 3 })],
      401,
    ],
    [
      'a webhook with a bad signature',
      async () => {
        const body = JSON.stringify({ action: 'scale', name: 'target', replicas: 3 })
        return [
          '/hooks/ci',
          json(body, { 'x-hub-signature-256': sign(body, 'not-the-secret-0123456789') }),
        ]
      },
      401,
    ],
    [
      'a webhook from an unknown source',
      async () => ['/hooks/other', json({ action: 'stop', name: 'target' })],
      404,
    ],
    ['an oversized body', scaleTarget({ replicas: 3, pad: 'x'.repeat(4096) }, WRITE), 413],
    [
      'an oversized webhook',
      async () => {
        const body = JSON.stringify({ action: 'stop', name: 'target', pad: 'x'.repeat(4096) })
        return ['/hooks/ci', json(body, { 'x-hub-signature-256': sign(body) })]
      },
      413,
    ],
    [
      'a malformed CloudEvent',
      async () => ['/events', json('{"not":"an event"}', bearer(WRITE))],
      400,
    ],
    [
      'an unknown CloudEvent type',
      async () => [
        '/events',
        cloudEventPost(
          new CloudEvent({
            type: 'dev.mcp-lifecycle.server.delete',
            source: '/t',
            data: { name: 'target' },
          })
        ),
      ],
      400,
    ],
    [
      'a path-traversal name',
      async () => ['/servers/..%2Ftarget/scale', json(scale3, bearer(WRITE))],
      400,
    ],
    [
      'a unicode look-alike name',
      async () => ['/servers/t%D0%B0rget/scale', json(scale3, bearer(WRITE))],
      400,
    ],
    [
      'a 64-character name',
      async () => [`/servers/${'a'.repeat(64)}/scale`, json(scale3, bearer(WRITE))],
      400,
    ],
    ['replicas as a string', scaleTarget({ replicas: '3' }, WRITE), 400],
    ['replicas as a float', scaleTarget({ replicas: 2.5 }, WRITE), 400],
    ['negative replicas', scaleTarget({ replicas: -1 }, WRITE), 400],
    ['huge replicas', scaleTarget({ replicas: 1e15 }, WRITE), 400],
  ]

  it.each(cases)('%s', async (_case, make, status) => {
    const before = await fingerprint()
    const [path, init] = await make()
    const res = await newApp().request(path, init)
    expect(res.status).toBe(status)
    expect(res.headers.get('content-type')).toBe('application/problem+json')
    expect(await fingerprint()).toBe(before)
  })

  it('lets the right credentials through (the cases above fail for the reason they name)', async () => {
    const app = newApp()
    const statusOf = async (path: string, init: RequestInit) =>
      (await app.request(path, init)).status
    expect(await statusOf('/servers/target', { headers: bearer(READ) })).toBe(200)
    const narrow = json({ replicas: 1 }, bearer(NARROW))
    expect(await statusOf('/servers/mcp-allowed/scale?dry_run=true', narrow)).toBe(200)
    const token = await jwt({ scope: 'mcp-lifecycle:write' })
    const signed = json({ replicas: 2 }, bearer(token))
    expect(await statusOf('/servers/target/scale?dry_run=true', signed)).toBe(200)
  })
})

describe('each delivery acts once, across restarts', () => {
  it('a redelivered webhook start after a stop does not wake the server, even on a new replica', async () => {
    await createDeployment(access, { name: 'hooked', replicas: 0 })
    const start = JSON.stringify({ action: 'start', name: 'hooked', wait_ready: false })
    const stop = JSON.stringify({ action: 'stop', name: 'hooked' })
    const send = (body: string, id: string) =>
      newApp().request(
        '/hooks/ci',
        json(body, { 'x-hub-signature-256': sign(body), 'x-github-delivery': id })
      )
    expect((await send(start, 'g-1')).headers.get('x-delivery')).toBe('handled')
    expect((await send(stop, 'g-2')).headers.get('x-delivery')).toBe('handled')
    const replay = await send(start, 'g-1')
    expect(replay.status).toBe(200)
    expect(replay.headers.get('x-delivery')).toBe('duplicate')
    expect(await replicasOf(access, 'hooked')).toBe(0)
  })

  it('a redelivered CloudEvent is answered without acting again, even on a new replica', async () => {
    await createDeployment(access, { name: 'evented', replicas: 0 })
    const send = (type: string, id: string, data: object) =>
      newApp().request(
        '/events',
        cloudEventPost(new CloudEvent({ type, source: '/broker/default', id, data }))
      )
    await send('dev.mcp-lifecycle.server.start', 'ev-1', { name: 'evented', wait_ready: false })
    await send('dev.mcp-lifecycle.server.stop', 'ev-2', { name: 'evented' })
    const replay = await send('dev.mcp-lifecycle.server.start', 'ev-1', {
      name: 'evented',
      wait_ready: false,
    })
    expect(replay.status).toBe(200)
    expect(replay.headers.get('ce-mcplduplicate')).toBe('true')
    expect(await replicasOf(access, 'evented')).toBe(0)
  })
})

describe('bounds', () => {
  it('rate-limits mutations per token (a bounded loop)', async () => {
    const app = newApp({ rateLimiter: new RateLimiter(3, 1) })
    const statuses: number[] = []
    for (let i = 0; i < 6; i++) {
      statuses.push(
        (await app.request('/servers/target/scale', json({ replicas: 1 }, bearer(WRITE)))).status
      )
    }
    expect(statuses).toEqual([200, 200, 200, 429, 429, 429])
    // Another token has its own budget.
    expect(
      (await app.request('/servers/mcp-allowed/scale', json({ replicas: 0 }, bearer(NARROW))))
        .status
    ).toBe(200)
  })

  it('bounds the waits in progress', async () => {
    // Running, never Ready: a wait that lasts (an unschedulable pod would end it at once).
    await createDeployment(access, { name: 'slow', replicas: 0, stage: 'never-ready' })
    const waitSlots = new WaitSlots(1)
    const app = newApp({ waitSlots })
    const first = app.request('/servers/slow/start', json({ timeout: 3 }, bearer(WRITE)))
    // The first start holds the only slot before the second asks.
    await expect.poll(() => waitSlots.inUse).toBe(1)
    const second = await app.request('/servers/slow/start', json({ timeout: 3 }, bearer(WRITE)))
    expect(second.status).toBe(503)
    expect((await first).status).toBe(504)
    const third = await app.request('/servers/slow/start', json({ timeout: 1 }, bearer(WRITE)))
    expect(third.status).toBe(504)
  })
})
