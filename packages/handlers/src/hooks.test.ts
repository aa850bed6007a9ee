import { createHmac, randomUUID } from 'node:crypto'
import { WaitSlots } from '@mcp-lifecycle/core'
import { MemoryBackend, MemoryDeliveryRecord } from '@mcp-lifecycle/core/testing'
import { describe, expect, it } from 'vitest'
import { createHooksApp, type HooksDeps } from './hooks.ts'

const SECRET = 'github-secret-0123456789'
const sign = (body: string, secret = SECRET) =>
  `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`
/** The two deliveries the replay tests send: a start of weather (no wait), then its stop. */
const START = JSON.stringify({ action: 'start', name: 'weather', wait_ready: false })
const STOP = JSON.stringify({ action: 'stop', name: 'weather' })

function setup(deps: Partial<HooksDeps> = {}) {
  const backend = new MemoryBackend([
    { name: 'weather', replicas: 0 },
    { name: 'plain', replicas: 1, mcp: false },
  ])
  const deliveries = new MemoryDeliveryRecord()
  const app = createHooksApp({
    backend,
    deliveries,
    webhookSecrets: () => new Map([['github', SECRET]]),
    ...deps,
  })
  // A fresh GitHub delivery id unless the test names the delivery itself (or leaves it out).
  const post = (body: string, headers: Record<string, string> = {}, source = 'github') =>
    app.request(`/hooks/${source}`, {
      method: 'POST',
      body,
      headers: {
        'content-type': 'application/json',
        ...(!Object.keys(headers).some((h) => /delivery|^webhook-/.test(h)) && {
          'x-github-delivery': randomUUID(),
        }),
        ...headers,
      },
    })
  /** A signed GitHub delivery of `body` under delivery id `id`. */
  const deliver = (body: string, id: string) =>
    post(body, { 'x-hub-signature-256': sign(body), 'x-github-delivery': id })
  return { backend, deliveries, post, deliver }
}

describe('POST /hooks/{source}', () => {
  it('acts on a signed body and answers the status', async () => {
    const { backend, post } = setup()
    const body = JSON.stringify({ action: 'scale', name: 'weather', replicas: 2 })
    const res = await post(body, { 'x-hub-signature-256': sign(body) })
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ name: 'weather', replicas: 2 })
    expect(backend.peek('weather')?.desiredReplicas).toBe(2)
  })

  it.each([
    ['a missing signature', {}],
    ['a signature with another secret', { 'x-hub-signature-256': 'OTHER' }],
    ['a malformed signature', { 'x-hub-signature-256': 'sha1=abc' }],
  ])('answers 401 for %s, before any backend call', async (_case, headers) => {
    const { backend, post } = setup()
    const body = JSON.stringify({ action: 'start', name: 'weather' })
    const signature =
      headers['x-hub-signature-256' as keyof typeof headers] === 'OTHER'
        ? { 'x-hub-signature-256': sign(body, 'another-secret-xxxxxxxx') }
        : headers
    const res = await post(body, signature)
    expect(res.status).toBe(401)
    expect(res.headers.get('content-type')).toBe('application/problem+json')
    expect(backend.calls.get + backend.calls.scale).toBe(0)
  })

  it('answers 401 when the body was changed after signing', async () => {
    const { backend, post } = setup()
    const signed = JSON.stringify({ action: 'start', name: 'weather' })
    const res = await post(JSON.stringify({ action: 'scale', name: 'weather', replicas: 9 }), {
      'x-hub-signature-256': sign(signed),
    })
    expect(res.status).toBe(401)
    expect(backend.calls.scale).toBe(0)
  })

  it('answers 404 for an unknown source, before checking anything else', async () => {
    const { backend, post } = setup()
    const res = await post('{}', {}, 'gitlab')
    expect(res.status).toBe(404)
    expect(backend.calls.get).toBe(0)
  })

  it.each([
    ['an unknown action', { action: 'delete', name: 'weather' }, 'action'],
    ['replicas as a string', { action: 'scale', name: 'weather', replicas: '2' }, 'replicas'],
    ['a path-traversal name', { action: 'start', name: '../kube-system' }, 'name'],
    ['an unknown field', { action: 'stop', name: 'weather', grace: 0 }, 'grace'],
  ])('answers 400 for %s, naming the field', async (_case, payload, field) => {
    const { backend, post } = setup()
    const body = JSON.stringify(payload)
    const res = await post(body, { 'x-hub-signature-256': sign(body) })
    expect(res.status).toBe(400)
    expect(await res.json()).toMatchObject({ errors: [{ field }] })
    expect(backend.calls.scale).toBe(0)
  })

  it('acts once per delivery id: a redelivered start after a stop does not wake the server', async () => {
    const { backend, deliver } = setup()
    await deliver(START, 'd-1')
    await deliver(STOP, 'd-2')
    const replay = await deliver(START, 'd-1')
    expect(replay.status).toBe(200)
    expect(replay.headers.get('x-delivery')).toBe('duplicate')
    expect(backend.peek('weather')?.desiredReplicas).toBe(0)
  })

  it('lets a delivery whose action failed be retried, and the retry acts', async () => {
    const { backend, post } = setup()
    const body = JSON.stringify({ action: 'scale', name: 'plain', replicas: 3 })
    const headers = { 'x-hub-signature-256': sign(body), 'x-github-delivery': 'd-9' }
    expect((await post(body, headers)).status).toBe(404)
    backend.add({ name: 'plain', replicas: 1 }) // it becomes an MCP server
    const retry = await post(body, headers)
    expect(retry.status).toBe(200)
    expect(retry.headers.get('x-delivery')).toBe('handled')
    expect(backend.peek('plain')?.desiredReplicas).toBe(3)
  })

  // The critical hole: the secret was read from a plain object, so a source named like an
  // Object property found a "secret" (e.g. the text of the Object function).
  it.each(['constructor', 'tostring', 'valueof', 'hasownproperty'])(
    "answers 404 for the source '%s' signed with what a plain object holds under that name",
    async (source) => {
      const { backend, post } = setup()
      const body = JSON.stringify({ action: 'scale', name: 'weather', replicas: 3 })
      const inherited = String(({} as Record<string, unknown>)[source] ?? Object)
      const res = await post(body, { 'x-hub-signature-256': sign(body, inherited) }, source)
      expect(res.status).toBe(404)
      expect(backend.calls.get + backend.calls.scale).toBe(0)
    }
  )

  it('answers 404 for every source when no secrets are configured', async () => {
    const { backend, post } = setup({ webhookSecrets: undefined })
    const body = JSON.stringify({ action: 'scale', name: 'weather', replicas: 3 })
    const res = await post(
      body,
      { 'x-hub-signature-256': sign(body, String(Object)) },
      'constructor'
    )
    expect(res.status).toBe(404)
    expect(((await res.json()) as { title: string }).title).toBe('Unknown webhook source')
    expect(backend.calls.scale).toBe(0)
  })

  it('checks the signature over the raw bytes, a byte order mark included', async () => {
    const { backend, post } = setup()
    const json = JSON.stringify({ action: 'scale', name: 'weather', replicas: 2 })
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(json)])
    const signature = `sha256=${createHmac('sha256', SECRET).update(bytes).digest('hex')}`
    const res = await post(bytes as unknown as string, { 'x-hub-signature-256': signature })
    expect(res.status).toBe(200)
    expect(backend.peek('weather')?.desiredReplicas).toBe(2)
  })

  it.each(['x-github-delivery', 'x-delivery-id'])(
    'refuses an empty %s, naming it, and changes nothing',
    async (header) => {
      const { backend, post } = setup()
      const body = JSON.stringify({ action: 'start', name: 'weather', wait_ready: false })
      const res = await post(body, { 'x-hub-signature-256': sign(body), [header]: ' ' })
      expect(res.status).toBe(400)
      const problem = (await res.json()) as { detail: string; errors: { field: string }[] }
      expect(problem.errors[0]!.field.toLowerCase()).toBe(header)
      expect(problem.detail).toMatch(/empty/)
      expect(backend.calls.scale).toBe(0)
    }
  )

  it('keeps the delivery ids of two sources apart', async () => {
    const backend = new MemoryBackend([{ name: 'weather', replicas: 0 }])
    const other = 'gitlab-secret-0123456789'
    const app = createHooksApp({
      backend,
      deliveries: new MemoryDeliveryRecord(),
      webhookSecrets: () =>
        new Map([
          ['github', SECRET],
          ['gitlab', other],
        ]),
    })
    const post = (source: string, secret: string, replicas: number) => {
      const body = JSON.stringify({ action: 'scale', name: 'weather', replicas })
      return app.request(`/hooks/${source}`, {
        method: 'POST',
        body,
        headers: { 'x-hub-signature-256': sign(body, secret), 'x-github-delivery': 'same-id' },
      })
    }
    expect((await post('github', SECRET, 2)).headers.get('x-delivery')).toBe('handled')
    expect((await post('gitlab', other, 4)).headers.get('x-delivery')).toBe('handled')
    expect(backend.peek('weather')?.desiredReplicas).toBe(4)
  })

  it('answers "too many waits" before changing anything or claiming the delivery', async () => {
    const waitSlots = new WaitSlots(1)
    const { backend, deliveries, post } = setup({ waitSlots })
    const release = waitSlots.acquire() // another wait holds the only slot
    const body = JSON.stringify({ action: 'scale', name: 'weather', replicas: 2, wait_ready: true })
    const headers = { 'x-hub-signature-256': sign(body), 'x-github-delivery': 'd-w' }
    const busy = await post(body, headers)
    expect(busy.status).toBe(503)
    expect(((await busy.json()) as { title: string }).title).toBe('Too many waits in progress')
    expect(backend.calls.get + backend.calls.scale).toBe(0)
    expect(deliveries.keys.size).toBe(0)
    release()
    const retry = await post(body, headers)
    expect(retry.status).toBe(200)
    expect(backend.peek('weather')?.desiredReplicas).toBe(2)
  })

  // Issue 26: without a delivery id every replay acted, and the signature covered only the body.
  describe("GitHub's scheme, kept in a safe form", () => {
    it('refuses a delivery without an id (400), and changes nothing', async () => {
      const { backend, post } = setup()
      const body = JSON.stringify({ action: 'scale', name: 'weather', replicas: 2 })
      const res = await post(body, { 'x-hub-signature-256': sign(body), 'x-delivery': 'none' })
      expect(res.status).toBe(400)
      expect(await res.json()).toMatchObject({ errors: [{ field: 'X-Delivery-Id' }] })
      expect(backend.calls.scale).toBe(0)
    })

    it('acts once on a captured signed body replayed under new ids', async () => {
      const { backend, deliver } = setup()
      await deliver(START, 'g-1')
      await deliver(STOP, 'g-2')
      for (const id of ['g-3', 'g-4']) {
        const replay = await deliver(START, id)
        expect(replay.headers.get('x-delivery')).toBe('duplicate')
      }
      expect(backend.peek('weather')?.desiredReplicas).toBe(0)
    })
  })

  describe('Standard Webhooks', () => {
    const NOW = 1_800_000_000
    const standard = (body: string, id: string, timestamp = NOW, secret = SECRET) => ({
      'webhook-id': id,
      'webhook-timestamp': String(timestamp),
      'webhook-signature': `v1,${createHmac('sha256', secret).update(`${id}.${timestamp}.${body}`).digest('base64')}`,
    })
    const setupAt = (deps: Partial<HooksDeps> = {}) => setup({ now: () => NOW * 1000, ...deps })

    it('acts on a delivery signed over id, timestamp and body, once per id', async () => {
      const { backend, post } = setupAt()
      const body = JSON.stringify({ action: 'scale', name: 'weather', replicas: 2 })
      const first = await post(body, standard(body, 'msg_1'))
      expect(first.status).toBe(200)
      expect(first.headers.get('x-delivery')).toBe('handled')
      await post(STOP, standard(STOP, 'msg_2'))
      const again = await post(body, standard(body, 'msg_1'))
      expect(again.headers.get('x-delivery')).toBe('duplicate')
      expect(backend.peek('weather')?.desiredReplicas).toBe(0)
    })

    it('acts on identical bodies sent as distinct deliveries', async () => {
      const { backend, post } = setupAt()
      await post(START, standard(START, 'a'))
      await post(STOP, standard(STOP, 'b'))
      expect((await post(START, standard(START, 'c'))).headers.get('x-delivery')).toBe('handled')
      expect(backend.peek('weather')?.desiredReplicas).toBe(1)
    })

    it('takes a whsec_ secret as the standard does: the base64-decoded bytes', async () => {
      const key = Buffer.from('k'.repeat(24))
      const { backend, post } = setupAt({
        webhookSecrets: () => new Map([['github', `whsec_${key.toString('base64')}`]]),
      })
      const body = JSON.stringify({ action: 'scale', name: 'weather', replicas: 3 })
      const signature = createHmac('sha256', key).update(`m.${NOW}.${body}`).digest('base64')
      const res = await post(body, {
        'webhook-id': 'm',
        'webhook-timestamp': String(NOW),
        'webhook-signature': `v1,${signature}`,
      })
      expect(res.status).toBe(200)
      expect(backend.peek('weather')?.desiredReplicas).toBe(3)
    })

    const body = JSON.stringify({ action: 'scale', name: 'weather', replicas: 2 })
    it.each([
      [
        'a captured signature under a new id',
        { ...standard(body, 'old'), 'webhook-id': 'new' },
        401,
      ],
      ['a timestamp 6 minutes old', standard(body, 'x', NOW - 360), 401],
      ['a timestamp 6 minutes ahead', standard(body, 'x', NOW + 360), 401],
      [
        'another timestamp than signed',
        { ...standard(body, 'x'), 'webhook-timestamp': String(NOW + 1) },
        401,
      ],
      [
        'a signature over the body only',
        {
          ...standard(body, 'x'),
          'webhook-signature': `v1,${createHmac('sha256', SECRET).update(body).digest('base64')}`,
        },
        401,
      ],
      ['another secret', standard(body, 'x', NOW, 'another-secret-xxxxxxxx'), 401],
      ['no signature', { 'webhook-id': 'x', 'webhook-timestamp': String(NOW) }, 401],
      ['no id', { 'webhook-timestamp': String(NOW), 'webhook-signature': 'v1,AAAA' }, 400],
      ['no timestamp', { 'webhook-id': 'x', 'webhook-signature': 'v1,AAAA' }, 400],
      ['a timestamp in milliseconds', standard(body, 'x', NOW * 1000), 400],
    ])('refuses %s before any backend call', async (_case, headers, status) => {
      const { backend, post } = setupAt()
      const res = await post(body, headers)
      expect(res.status).toBe(status)
      expect(res.headers.get('content-type')).toBe('application/problem+json')
      expect(backend.calls.get + backend.calls.scale).toBe(0)
    })
  })
})
