import { DiscoverySummaries } from '@mcp-lifecycle/core'
import { MemoryBackend } from '@mcp-lifecycle/core/testing'
import { describe, expect, it } from 'vitest'
import { createStatusApp } from './status.ts'

const backend = new MemoryBackend([
  { name: 'weather', replicas: 2 },
  { name: 'plain-app', replicas: 1, mcp: false },
])
const app = createStatusApp({ backend })

describe('GET /servers/{name}', () => {
  it('answers the full status object', async () => {
    const res = await app.request('/servers/weather')
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({
      name: 'weather',
      status: 'running',
      replicas: 2,
      ready_replicas: 2,
      available_replicas: 2,
      updated_replicas: 2,
      endpoints: [],
      last_activity: null,
      conditions: [],
    })
  })

  it('shows whether discovery is kept and when it was taken, as the manager knows it', async () => {
    const discoveryViews = new DiscoverySummaries()
    const asleep = new MemoryBackend([{ name: 'sleeper', replicas: 0, templateHash: 't1' }])
    const withViews = createStatusApp({ backend: asleep, discoveryViews })
    expect(await (await withViews.request('/servers/sleeper')).json()).not.toHaveProperty(
      'discovery'
    )
    const takenAt = Date.parse('2026-12-07T10:00:00Z')
    discoveryViews.kept('sleeper', 't1', {
      ...{ revision: '2026-07-28', method: 'tools/list', cursor: '', result: {} },
      ...{ takenAt, scope: 'public' },
    })
    expect(await (await withViews.request('/servers/sleeper')).json()).toMatchObject({
      name: 'sleeper',
      discovery: { kept: true, taken_at: '2026-12-07T10:00:00.000Z', revisions: ['2026-07-28'] },
    })
  })

  it('answers 404 for a Deployment without the MCP label', async () => {
    const res = await app.request('/servers/plain-app')
    expect(res.status).toBe(404)
    expect(res.headers.get('content-type')).toBe('application/problem+json')
  })

  it.each([
    ['uppercase', 'Weather'],
    ['64 characters', 'a'.repeat(64)],
    ['encoded path traversal', '..%2Fkube-system'],
    ['a look-alike letter', 'w%D0%B5ather'],
    ['underscore', 'my_server'],
  ])('answers 400 naming the field for %s, before any backend call', async (_case, name) => {
    const calls = backend.calls.get
    const res = await app.request(`/servers/${name}`)
    expect(res.status).toBe(400)
    expect(await res.json()).toMatchObject({ status: 400, errors: [{ field: 'name' }] })
    expect(backend.calls.get).toBe(calls)
  })

  it('answers unknown routes with a 404 problem', async () => {
    const res = await app.request('/nothing/here')
    expect(res.status).toBe(404)
    expect(res.headers.get('content-type')).toBe('application/problem+json')
  })
})
