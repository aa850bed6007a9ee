import { createHmac } from 'node:crypto'
import { MemoryBackend } from '@mcp-lifecycle/core/testing'
import { describe, expect, it } from 'vitest'
import { createHooksApp } from './hooks.ts'

const SECRET = 'github-secret-0123456789'
const sign = (body: string, secret = SECRET) =>
  `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`

function setup() {
  const backend = new MemoryBackend([
    { name: 'weather', replicas: 0 },
    { name: 'plain', replicas: 1, mcp: false },
  ])
  const app = createHooksApp({ backend, webhookSecrets: () => ({ github: SECRET }) })
  const post = (body: string, headers: Record<string, string> = {}, source = 'github') =>
    app.request(`/hooks/${source}`, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json', ...headers },
    })
  return { backend, post }
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

  it('lets a delivery whose action failed be retried', async () => {
    const { backend, post } = setup()
    const body = JSON.stringify({ action: 'scale', name: 'plain', replicas: 3 })
    const headers = { 'x-hub-signature-256': sign(body), 'x-github-delivery': 'd-9' }
    expect((await post(body, headers)).status).toBe(404)
    expect(backend.deliveries.size).toBe(0)
  })
})
