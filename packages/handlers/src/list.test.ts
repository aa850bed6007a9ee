import { MemoryBackend } from '@mcp-lifecycle/core/testing'
import { describe, expect, it } from 'vitest'
import { createListApp } from './list.ts'

describe('GET /servers', () => {
  it('lists MCP servers sorted by name in one backend call, without other Deployments', async () => {
    const backend = new MemoryBackend([
      { name: 'weather', replicas: 1 },
      { name: 'github', replicas: 0 },
      { name: 'web-frontend', replicas: 2, mcp: false },
    ])
    const res = await createListApp({ backend }).request('/servers')
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({
      servers: [
        { name: 'github', status: 'stopped', replicas: 0, ready_replicas: 0, endpoints: [] },
        { name: 'weather', status: 'running', replicas: 1, ready_replicas: 1, endpoints: [] },
      ],
    })
    expect(backend.calls.list).toBe(1)
  })

  it('answers 503 problem+json when the backend is unreachable', async () => {
    const backend = new MemoryBackend()
    backend.listServers = async () => {
      const { LifecycleError } = await import('@mcp-lifecycle/core')
      throw new LifecycleError(
        'unavailable',
        'Listing MCP servers: the Kubernetes API server cannot be reached.'
      )
    }
    const res = await createListApp({ backend }).request('/servers')
    expect(res.status).toBe(503)
    expect(res.headers.get('content-type')).toBe('application/problem+json')
    expect(await res.json()).toMatchObject({
      status: 503,
      type: 'https://mcp-lifecycle.dev/problems/unavailable',
    })
  })
})
