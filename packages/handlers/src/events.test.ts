import { RateLimiter, type Principal } from '@mcp-lifecycle/core'
import { MemoryBackend, MemoryDeliveryRecord } from '@mcp-lifecycle/core/testing'
import { CloudEvent, HTTP } from 'cloudevents'
import { Hono } from 'hono'
import { describe, expect, it, vi } from 'vitest'
import type { HandlerDeps } from '@mcp-lifecycle/http-kit'
import { createEventsApp } from './events.ts'

interface Setup {
  accepted?: ('start' | 'stop' | 'scale')[]
  deps?: Partial<HandlerDeps>
  backend?: MemoryBackend
}

/** The events app behind a stand-in for the authenticate middleware: the X-Who header. */
function setup({ accepted, deps = {}, backend: given }: Setup = {}) {
  const backend = given ?? new MemoryBackend([{ name: 'weather', replicas: 0 }])
  const app = new Hono<{ Variables: { principal: Principal } }>()
  app.use((c, next) => {
    const who = c.req.header('x-who')
    if (who) c.set('principal', JSON.parse(who) as Principal)
    return next()
  })
  const deliveries = new MemoryDeliveryRecord()
  app.route('/', createEventsApp({ backend, deliveries, ...deps }, accepted))
  const send = (message: { headers: Record<string, unknown>; body: unknown }, who?: Principal) =>
    app.request('/events', {
      method: 'POST',
      headers: {
        ...(message.headers as Record<string, string>),
        ...(who && { 'x-who': JSON.stringify(who) }),
      },
      body: message.body as string,
    })
  return { backend, deliveries, send }
}

const writer: Principal = { id: 'broker', scope: 'write' }

const event = (type: string, data: unknown, id = 'e-1') =>
  new CloudEvent({ type, source: '/test/broker', id, datacontenttype: 'application/json', data })

describe('POST /events', () => {
  it('acts on a binary-mode event and answers a status event', async () => {
    const { backend, send } = setup()
    const res = await send(
      HTTP.binary(event('dev.mcp-lifecycle.server.scale', { name: 'weather', replicas: 2 }))
    )
    expect(res.status).toBe(200)
    const answer = HTTP.toEvent({
      headers: Object.fromEntries(res.headers),
      body: await res.text(),
    }) as CloudEvent<{ replicas: number }>
    expect(answer.type).toBe('dev.mcp-lifecycle.server.status')
    expect(answer.subject).toBe('weather')
    expect(answer.data?.replicas).toBe(2)
    expect(backend.peek('weather')?.desiredReplicas).toBe(2)
  })

  it('acts on a structured-mode event', async () => {
    const { backend, send } = setup()
    const res = await send(
      HTTP.structured(
        event('dev.mcp-lifecycle.server.start', { name: 'weather', wait_ready: false })
      )
    )
    expect(res.status).toBe(200)
    expect(backend.peek('weather')?.desiredReplicas).toBe(1)
  })

  it('acts once per source and id', async () => {
    const { backend, send } = setup()
    await send(
      HTTP.binary(
        event('dev.mcp-lifecycle.server.start', { name: 'weather', wait_ready: false }, 'same')
      )
    )
    await send(HTTP.binary(event('dev.mcp-lifecycle.server.stop', { name: 'weather' }, 'other')))
    const replay = await send(
      HTTP.binary(
        event('dev.mcp-lifecycle.server.start', { name: 'weather', wait_ready: false }, 'same')
      )
    )
    expect(replay.status).toBe(200)
    expect(replay.headers.get('ce-mcplduplicate')).toBe('true')
    expect(backend.peek('weather')?.desiredReplicas).toBe(0)
  })

  it.each([
    ['an unknown type', event('dev.mcp-lifecycle.server.delete', { name: 'weather' }), 'type'],
    [
      'bad data',
      event('dev.mcp-lifecycle.server.scale', { name: 'weather', replicas: -3 }),
      'data.replicas',
    ],
    ['a bad name', event('dev.mcp-lifecycle.server.start', { name: 'Weather!' }), 'data.name'],
  ])('answers 400 for %s and changes nothing', async (_case, bad, field) => {
    const { backend, send } = setup()
    const res = await send(HTTP.binary(bad))
    expect(res.status).toBe(400)
    expect(await res.json()).toMatchObject({ errors: [{ field }] })
    expect(backend.calls.scale).toBe(0)
  })

  it('answers 400 for a body that is not a CloudEvent', async () => {
    const { send } = setup()
    const res = await send({ headers: { 'content-type': 'application/json' }, body: '{"hello":1}' })
    expect(res.status).toBe(400)
  })

  it('accepts only the types of its function', async () => {
    const { send } = setup({ accepted: ['start'] })
    const res = await send(HTTP.binary(event('dev.mcp-lifecycle.server.stop', { name: 'weather' })))
    expect(res.status).toBe(400)
  })

  it('checks access before any cluster call: a read-only sender claims nothing', async () => {
    const { backend, deliveries, send } = setup()
    const claims = vi.spyOn(deliveries, 'claim')
    const reader = { id: 'viewer', scope: 'read' as const }
    const res = await send(
      HTTP.binary(event('dev.mcp-lifecycle.server.start', { name: 'weather' })),
      reader
    )
    expect(res.status).toBe(403)
    expect(claims).not.toHaveBeenCalled()
    expect(backend.calls.get + backend.calls.scale).toBe(0)
  })

  it('rate limits before any cluster call: a limited sender claims nothing', async () => {
    const rateLimiter = new RateLimiter(1, 1, () => 0)
    const { deliveries, send } = setup({ deps: { rateLimiter } })
    const claims = vi.spyOn(deliveries, 'claim')
    const start = (id: string) =>
      send(
        HTTP.binary(
          event('dev.mcp-lifecycle.server.start', { name: 'weather', wait_ready: false }, id)
        ),
        writer
      )
    expect((await start('e-1')).status).toBe(200)
    expect((await start('e-2')).status).toBe(429)
    expect(claims).toHaveBeenCalledTimes(1)
  })

  it('keeps the same source and id of two senders apart', async () => {
    const { backend, send } = setup()
    const scale = (replicas: number) =>
      HTTP.binary(event('dev.mcp-lifecycle.server.scale', { name: 'weather', replicas }, 'id-1'))
    expect((await send(scale(2), { id: 'mallory', scope: 'write' })).status).toBe(200)
    const res = await send(scale(3), writer)
    expect(res.headers.get('ce-mcplduplicate')).toBeNull()
    expect(backend.peek('weather')?.desiredReplicas).toBe(3)
  })

  it('does not confuse a colon in the source with the id', async () => {
    const { backend, send } = setup()
    const scale = (source: string, id: string, replicas: number) =>
      HTTP.binary(
        new CloudEvent({
          type: 'dev.mcp-lifecycle.server.scale',
          source,
          id,
          datacontenttype: 'application/json',
          data: { name: 'weather', replicas },
        })
      )
    await send(scale('a:b', 'c', 2), writer)
    const res = await send(scale('a', 'b:c', 3), writer)
    expect(res.headers.get('ce-mcplduplicate')).toBeNull()
    expect(backend.peek('weather')?.desiredReplicas).toBe(3)
  })

  it.each([
    ['ce-source', { 'ce-source': '' }],
    ['ce-id', { 'ce-id': '' }],
  ])('refuses a binary event with an empty %s, naming it', async (field, override) => {
    const { backend, send } = setup()
    const message = HTTP.binary(event('dev.mcp-lifecycle.server.start', { name: 'weather' }))
    const headers = { ...(message.headers as Record<string, string>), ...override }
    const res = await send({ headers, body: message.body })
    expect(res.status).toBe(400)
    expect(await res.json()).toMatchObject({ errors: [{ field }] })
    expect(backend.calls.scale).toBe(0)
  })

  it('refuses a binary event without ce-source', async () => {
    const { backend, send } = setup()
    const message = HTTP.binary(event('dev.mcp-lifecycle.server.start', { name: 'weather' }))
    const headers = { ...(message.headers as Record<string, string>) }
    delete headers['ce-source']
    const res = await send({ headers, body: message.body })
    expect(res.status).toBe(400)
    expect(await res.json()).toMatchObject({ errors: [{ field: 'ce-source' }] })
    expect(backend.calls.scale).toBe(0)
  })

  it('refuses a structured event without id: the SDK would make one up for each delivery', async () => {
    const { backend, send } = setup()
    const body = JSON.stringify({
      specversion: '1.0',
      type: 'dev.mcp-lifecycle.server.start',
      source: '/test',
      data: { name: 'weather', wait_ready: false },
    })
    const res = await send({ headers: { 'content-type': 'application/cloudevents+json' }, body })
    expect(res.status).toBe(400)
    expect(await res.json()).toMatchObject({ errors: [{ field: 'id' }] })
    expect(backend.calls.scale).toBe(0)
  })

  it('reads data_base64 in a structured event', async () => {
    const { backend, send } = setup()
    const data = Buffer.from(JSON.stringify({ name: 'weather', replicas: 2 })).toString('base64')
    const body = JSON.stringify({
      specversion: '1.0',
      type: 'dev.mcp-lifecycle.server.scale',
      source: '/test',
      id: 'b64-1',
      datacontenttype: 'application/json',
      data_base64: data,
    })
    const res = await send({ headers: { 'content-type': 'application/cloudevents+json' }, body })
    expect(res.status).toBe(200)
    expect(backend.peek('weather')?.desiredReplicas).toBe(2)
  })
})
