import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { delay, http, HttpResponse, passthrough } from 'msw'
import { describe, expect, it } from 'vitest'
import type { DeploymentSnapshot } from '@mcp-lifecycle/core'
import { createK8sBackend } from './create-k8s-backend.ts'
import {
  deploymentJson,
  DEPLOYMENTS,
  NAMESPACE,
  testBackend,
  testKubeConfig,
  useMswServer,
  deploymentsListWatch,
  weatherStarting,
  noServices,
} from './msw-fixtures.ts'

const server = useMswServer()

// A stopped API server (SIGSTOP) accepts connections and never answers: reads hung for 39 s.
describe('the call timeout', () => {
  it('answers a call the API server never answers with a quick unavailable (503)', async () => {
    server.use(
      http.get(DEPLOYMENTS, () => delay('infinite')),
      noServices()
    )
    await expect(testBackend({ callTimeoutMs: 100 }).listServers()).rejects.toMatchObject({
      kind: 'unavailable',
      status: 503,
      title: 'Kubernetes unavailable',
      fromKubernetes: true,
      message: 'Listing MCP servers: the Kubernetes API server did not answer within 0.1s.',
    })
  })

  // A real server, passed through msw: aborting a body msw mocks trips an undici assertion.
  it('bounds a call whose answer starts but never ends', async () => {
    const stalled = createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' })
      response.write('{"kind":')
    })
    await new Promise<void>((resolve) => stalled.listen(0, '127.0.0.1', resolve))
    const { port } = stalled.address() as AddressInfo
    server.use(http.all(`http://127.0.0.1:${port}/*`, () => passthrough()))
    const kubeConfig = testKubeConfig(`http://127.0.0.1:${port}`)
    const backend = createK8sBackend({ kubeConfig, namespace: NAMESPACE, callTimeoutMs: 100 })
    try {
      await expect(backend.listServers()).rejects.toMatchObject({
        kind: 'unavailable',
        message: 'Listing MCP servers: the Kubernetes API server did not answer within 0.1s.',
      })
    } finally {
      stalled.closeAllConnections()
      stalled.close()
    }
  })

  it('bounds the wait for a watch to answer, but not the stream once it has', async () => {
    // The first watch never answers; the second answers at once (msw sends the headers with
    // the first chunk: a bookmark), then stays quiet for longer than the call timeout.
    const { calls, handler } = deploymentsListWatch(weatherStarting, (watches) => {
      if (watches === 1) return delay('infinite')
      const line = (event: unknown) => new TextEncoder().encode(JSON.stringify(event) + '\n')
      const bookmark = { type: 'BOOKMARK', object: { metadata: { resourceVersion: '100' } } }
      const change = { type: 'MODIFIED', object: deploymentJson('weather', 1, 1, '101') }
      const body = new ReadableStream({
        start(stream) {
          stream.enqueue(line(bookmark))
          setTimeout(() => stream.enqueue(line(change)), 300)
        },
      })
      return new HttpResponse(body, { headers: { 'content-type': 'application/json' } })
    })
    server.use(handler)
    const controller = new AbortController()
    const seen: DeploymentSnapshot[] = []
    const backend = testBackend({ callTimeoutMs: 100 })
    try {
      for await (const snapshot of backend.watchServer('weather', controller.signal)) {
        seen.push(snapshot)
        if (seen.length === 2) controller.abort()
      }
    } catch (error) {
      if (!controller.signal.aborted) throw error
    }
    expect(seen.map((s) => s.readyReplicas)).toEqual([0, 1])
    expect(calls.versions).toHaveLength(2)
  })
})
