import { jsonPost, MemoryBackend } from '@mcp-lifecycle/core/testing'
import { describe, expect, it } from 'vitest'
import { createScaleApp } from './scale.ts'

const post = (backend: MemoryBackend, body: unknown, maxReplicas = 10) =>
  createScaleApp({ backend, limits: { maxReplicas, maxTimeoutSeconds: 60 } }).request(
    '/servers/weather/scale',
    jsonPost(body)
  )

describe('POST /servers/{name}/scale', () => {
  it('scales up and waits when asked', async () => {
    const backend = new MemoryBackend([{ name: 'weather', replicas: 1 }])
    const res = await post(backend, { replicas: 3, wait_ready: true })
    expect(await res.json()).toMatchObject({ status: 'running', replicas: 3, ready_replicas: 3 })
  })

  it('changes nothing when asked for the current count', async () => {
    const backend = new MemoryBackend([{ name: 'weather', replicas: 2 }])
    await post(backend, { replicas: 2 })
    expect(backend.calls.scale).toBe(0)
  })

  it.each([
    ['missing', {}],
    ['a string', { replicas: '2' }],
    ['a float', { replicas: 1.5 }],
    ['negative', { replicas: -1 }],
    ['over the configured maximum', { replicas: 4 }],
    ['huge', { replicas: 1e300 }],
    ['null', { replicas: null }],
  ])('answers 400 naming replicas when it is %s, and changes nothing', async (_case, body) => {
    const backend = new MemoryBackend([{ name: 'weather', replicas: 1 }])
    const res = await post(backend, body, 3)
    expect(res.status).toBe(400)
    expect(await res.json()).toMatchObject({ errors: [{ field: 'replicas' }] })
    expect(backend.calls.scale).toBe(0)
    expect(backend.peek('weather')?.desiredReplicas).toBe(1)
  })
})
