import { MemoryBackend } from '@mcp-lifecycle/core/testing'
import { CloudEvent, HTTP } from 'cloudevents'
import { describe, expect, it } from 'vitest'
import { createEventsApp } from './events.ts'

function setup(accepted?: ('start' | 'stop' | 'scale')[]) {
  const backend = new MemoryBackend([{ name: 'weather', replicas: 0 }])
  const app = createEventsApp({ backend }, accepted)
  const send = (message: { headers: Record<string, unknown>; body: unknown }) =>
    app.request('/events', {
      method: 'POST',
      headers: message.headers as Record<string, string>,
      body: message.body as string,
    })
  return { backend, send }
}

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
    const { send } = setup(['start'])
    const res = await send(HTTP.binary(event('dev.mcp-lifecycle.server.stop', { name: 'weather' })))
    expect(res.status).toBe(400)
  })
})
