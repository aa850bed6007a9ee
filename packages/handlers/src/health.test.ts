import { LifecycleError } from '@mcp-lifecycle/core'
import { MemoryBackend } from '@mcp-lifecycle/core/testing'
import { describe, expect, it } from 'vitest'
import { createHealthApp } from './health.ts'

describe('health', () => {
  it('answers /healthz without touching the backend', async () => {
    const backend = new MemoryBackend()
    const res = await createHealthApp({ backend }).request('/healthz')
    expect(res.status).toBe(200)
    expect(backend.calls.list).toBe(0)
  })

  it('answers /readyz 503 when the backend is unreachable', async () => {
    const backend = new MemoryBackend()
    backend.listServers = async () => {
      throw new LifecycleError('unavailable', 'down')
    }
    const res = await createHealthApp({ backend, logError: () => {} }).request('/readyz')
    expect(res.status).toBe(503)
  })
})
