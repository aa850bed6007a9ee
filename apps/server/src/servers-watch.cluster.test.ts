import type { ServerType } from '@hono/node-server'
import { createListApp, createStatusApp } from '@mcp-lifecycle/handlers'
import { createDeployment, scaleDeployment } from '@mcp-lifecycle/k8s-adapter/cluster-fixtures'
import { useCountedCachedBackend } from '@mcp-lifecycle/k8s-adapter/counted-cached-backend'
import { composeApp } from '@mcp-lifecycle/runtime'
import { serveOnLoopback } from '@mcp-lifecycle/runtime/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

// The manager's reads and change stream over real HTTP, on the cached backend as main.ts builds
// it, against the local control plane. API requests are counted with observeRequest.
const scene = useCountedCachedBackend('stream', async (access) => {
  await createDeployment(access, { name: 'mcp-a1', replicas: 1 })
  await createDeployment(access, { name: 'mcp-b1', replicas: 0 })
})
const { requests } = scene
let server: ServerType
let url: string

beforeAll(async () => {
  const deps = { backend: scene.backend }
  const app = composeApp(deps, [createListApp(deps), createStatusApp(deps)])
  ;({ server, url } = await serveOnLoopback(app.fetch))
})

// Registered after the scene's: runs before its watches end (vitest runs these hooks as a stack).
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve))
})

describe('the manager on the cluster', () => {
  it('answers GET /servers and GET /servers/{name} with 0 API requests once synced', async () => {
    requests.length = 0
    for (let i = 0; i < 50; i++) {
      expect((await fetch(`${url}/servers`)).status).toBe(200)
      expect((await fetch(`${url}/servers/mcp-a1`)).status).toBe(200)
    }
    expect(requests.filter((r) => r.verb !== 'watch')).toEqual([])
  })

  it('streams a scale made by another client as an event of that server', async () => {
    const leave = new AbortController()
    const response = await fetch(`${url}/servers?watch=true`, { signal: leave.signal })
    const seen: string[] = []
    let text = ''
    for await (const chunk of response.body!.pipeThrough(new TextDecoderStream())) {
      text += chunk
      if (seen.length === 0 && text.includes('event: list')) {
        seen.push('list')
        await scaleDeployment(scene.access, 'mcp-b1', 2)
      }
      if (/event: server\ndata: \{"name":"mcp-b1","status":"running","replicas":2/.test(text)) break
    }
    leave.abort()
    expect(text).toMatch(/^event: list\ndata: \{"servers":\[\{"name":"mcp-a1"/)
    expect(text).not.toMatch(/event: server\ndata: \{"name":"mcp-a1"/)
  })
})
