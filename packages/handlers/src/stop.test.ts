import { jsonPost, MemoryBackend } from '@mcp-lifecycle/core/testing'
import { describe, expect, it } from 'vitest'
import { createStopApp } from './stop.ts'

const post = (backend: MemoryBackend, name: string, body: unknown) =>
  createStopApp({ backend }).request(`/servers/${name}/stop`, jsonPost(body))

describe('POST /servers/{name}/stop', () => {
  it('scales to 0 gracefully without deleting pods', async () => {
    const backend = new MemoryBackend([{ name: 'weather', replicas: 2 }])
    const res = await post(backend, 'weather', {})
    expect(await res.json()).toMatchObject({ replicas: 0 })
    expect(backend.calls.deletePods).toBe(0)
  })

  it('deletes the pods when forced and answers stopped', async () => {
    const backend = new MemoryBackend([{ name: 'weather', replicas: 2 }])
    const res = await post(backend, 'weather', { force: true })
    expect(await res.json()).toMatchObject({ status: 'stopped', replicas: 0 })
    expect(backend.calls.deletePods).toBe(1)
  })

  it('changes nothing when the server is already stopped', async () => {
    const backend = new MemoryBackend([{ name: 'weather', replicas: 0 }])
    const res = await post(backend, 'weather', {})
    expect(await res.json()).toMatchObject({ status: 'stopped' })
    expect(backend.calls.scale).toBe(0)
  })

  it('answers 404 for a Deployment without the MCP label and leaves it running', async () => {
    const backend = new MemoryBackend([{ name: 'plain-app', replicas: 1, mcp: false }])
    const res = await post(backend, 'plain-app', { force: true })
    expect(res.status).toBe(404)
    expect(backend.peek('plain-app')?.desiredReplicas).toBe(1)
  })

  it('answers 400 for a string force', async () => {
    const backend = new MemoryBackend([{ name: 'weather', replicas: 1 }])
    const res = await post(backend, 'weather', { force: 'yes' })
    expect(await res.json()).toMatchObject({ status: 400, errors: [{ field: 'force' }] })
  })
})
