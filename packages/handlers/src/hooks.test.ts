import { createHmac } from 'node:crypto'
import { WaitSlots } from '@mcp-lifecycle/core'
import { MemoryBackend, MemoryDeliveryRecord } from '@mcp-lifecycle/core/testing'
import { describe, expect, it } from 'vitest'
import { createHooksApp, type HooksDeps } from './hooks.ts'

const SECRET = 'github-secret-0123456789'
const sign = (body: string, secret = SECRET) =>
  `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`

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
  const post = (body: string, headers: Record<string, string> = {}, source = 'github') =>
    app.request(`/hooks/${source}`, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json', ...headers },
    })
  return { backend, deliveries, post }
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
    const { backend, post } = setup()
    const start = JSON.stringify({ action: 'start', name: 'weather', wait_ready: false })
    const stop = JSON.stringify({ action: 'stop', name: 'weather' })
    await post(start, { 'x-hub-signature-256': sign(start), 'x-github-delivery': 'd-1' })
    await post(stop, { 'x-hub-signature-256': sign(stop), 'x-github-delivery': 'd-2' })
    const replay = await post(start, {
      'x-hub-signature-256': sign(start),
      'x-github-delivery': 'd-1',
    })
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
})
