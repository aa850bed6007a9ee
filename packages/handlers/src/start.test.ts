import { MemoryBackend } from '@mcp-lifecycle/core/testing'
import { describe, expect, it } from 'vitest'
import { createStartApp } from './start.ts'

const post = (app: ReturnType<typeof createStartApp>, path: string, body?: unknown) =>
  app.request(path, {
    method: 'POST',
    ...(body !== undefined && {
      body: JSON.stringify(body),
      headers: { 'content-type': 'application/json' },
    }),
  })

describe('POST /servers/{name}/start', () => {
  it('starts a stopped server and waits for it by default (empty body)', async () => {
    const backend = new MemoryBackend([{ name: 'weather', replicas: 0 }])
    const res = await post(createStartApp({ backend }), '/servers/weather/start')
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ status: 'running', replicas: 1, ready_replicas: 1 })
  })

  it('answers at once without wait_ready', async () => {
    const backend = new MemoryBackend([{ name: 'weather', replicas: 0 }])
    const res = await post(createStartApp({ backend }), '/servers/weather/start', {
      wait_ready: false,
    })
    expect(await res.json()).toMatchObject({ replicas: 1, ready_replicas: 0 })
    expect(backend.calls.watch).toBe(0)
  })

  it('leaves a running server as it is', async () => {
    const backend = new MemoryBackend([{ name: 'weather', replicas: 3 }])
    const res = await post(createStartApp({ backend }), '/servers/weather/start', {})
    expect(await res.json()).toMatchObject({ status: 'running', replicas: 3 })
    expect(backend.calls.scale).toBe(0)
  })

  it('answers 504 with the last seen status when the timeout passes', async () => {
    const backend = new MemoryBackend([{ name: 'stuck', replicas: 0, neverReady: true }])
    const res = await post(createStartApp({ backend }), '/servers/stuck/start', { timeout: 1 })
    expect(res.status).toBe(504)
    expect(res.headers.get('content-type')).toBe('application/problem+json')
    expect(await res.json()).toMatchObject({
      status: 504,
      server: { name: 'stuck', status: 'pending', replicas: 1 },
    })
  })

  it('changes nothing on a dry run', async () => {
    const backend = new MemoryBackend([{ name: 'weather', replicas: 0 }])
    const res = await post(createStartApp({ backend }), '/servers/weather/start?dry_run=true')
    expect(await res.json()).toMatchObject({ replicas: 1 })
    expect(backend.peek('weather')?.desiredReplicas).toBe(0)
  })

  it.each([
    ['a string timeout', { timeout: '30' }, 'timeout'],
    ['a timeout over the cap', { timeout: 100000 }, 'timeout'],
    ['a non-boolean wait_ready', { wait_ready: 1 }, 'wait_ready'],
    ['an unknown field', { replicas: 2 }, 'replicas'],
    ['an array body', [1], 'body'],
  ])('answers 400 for %s and changes nothing', async (_case, body, field) => {
    const backend = new MemoryBackend([{ name: 'weather', replicas: 0 }])
    const res = await post(createStartApp({ backend }), '/servers/weather/start', body)
    expect(res.status).toBe(400)
    expect(await res.json()).toMatchObject({ errors: [{ field }] })
    expect(backend.calls.scale).toBe(0)
  })

  it('answers 400 for malformed JSON and for a non-JSON body', async () => {
    const backend = new MemoryBackend([{ name: 'weather', replicas: 0 }])
    const app = createStartApp({ backend })
    const malformed = await app.request('/servers/weather/start', {
      method: 'POST',
      body: '{"wait',
      headers: { 'content-type': 'application/json' },
    })
    expect(malformed.status).toBe(400)
    const form = await app.request('/servers/weather/start', {
      method: 'POST',
      body: 'wait_ready=false',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    })
    expect(form.status).toBe(400)
    expect(backend.calls.scale).toBe(0)
  })

  it('answers 400 for a bad dry_run value', async () => {
    const backend = new MemoryBackend([{ name: 'weather', replicas: 0 }])
    const res = await post(createStartApp({ backend }), '/servers/weather/start?dry_run=maybe')
    expect(await res.json()).toMatchObject({ status: 400, errors: [{ field: 'dry_run' }] })
  })
})
