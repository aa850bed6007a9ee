import type { Principal } from '@mcp-lifecycle/core'
import { MemoryBackend, MemoryServerPods } from '@mcp-lifecycle/core/testing'
import { Hono } from 'hono'
import { requestId } from 'hono/request-id'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { startExampleServer } from '../../../apps/example-mcp-server/src/start-example-server.ts'
import { createActivator } from './create-activator.ts'
import { INITIALIZE, mcpPost, readyPod } from './testing/index.ts'

const WRITER: Principal = { id: 'writer', scope: 'write' }

const cleanup: (() => Promise<unknown> | void)[] = []
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step()
})

/** The activator behind hono's requestId middleware, as compose-app mounts it. */
async function proxyToExamplePod() {
  const pod = await startExampleServer({
    host: '127.0.0.1',
    port: 0,
    mode: 'stateful',
    pod: 'weather-a',
    exitWithStdin: false,
  })
  cleanup.push(() => pod.close())
  return proxyTo(pod.identity.port)
}

/** The same in front of the pod listening on `port` of 127.0.0.1. */
function proxyTo(port: number) {
  const backend = new MemoryBackend([{ name: 'weather', replicas: 1 }])
  const pods = new MemoryServerPods()
  const activator = createActivator({ backend }, { pods, connectRetryMs: 20 })
  cleanup.push(() => activator.close())
  pods.set('weather', [readyPod('weather-a', port)])
  return new Hono()
    .use(requestId())
    .use((c, next) => (c.set('principal' as never, WRITER as never), next()))
    .route('/', activator.app)
}

describe('the MCP route', () => {
  // A proxied answer is a Response built from the pod's: hono drops the headers middleware set
  // before it (its request id) unless the route puts them back.
  it("answers with the request's id, given or generated, like every other route", async () => {
    const app = await proxyToExamplePod()
    const given = await app.request(
      '/servers/weather/mcp',
      initialize({ 'x-request-id': 'trace-7' })
    )
    expect(given.status).toBe(200)
    expect(given.headers.get('x-request-id')).toBe('trace-7')
    const generated = await app.request('/servers/weather/mcp', initialize())
    expect(generated.status).toBe(200)
    expect(generated.headers.get('x-request-id')).toMatch(/^[\w-]{8,}$/)
  })

  // The pod's logs then name the request as the manager's and the caller's do; a caller's id
  // that is not plain never reaches the pod.
  it("sends the pod the request's id: the caller's when it is plain, else the one made for it", async () => {
    const seen: (string | string[] | undefined)[] = []
    const pod = createServer((req, res) => {
      seen.push(req.headers['x-request-id'])
      req.resume().once('end', () => {
        res.writeHead(200, { 'content-type': 'application/json' })
        res.end('{"jsonrpc":"2.0","id":1,"result":{}}')
      })
    })
    await new Promise<void>((resolve) => pod.listen(0, '127.0.0.1', resolve))
    cleanup.push(() => new Promise((resolve) => pod.close(resolve)))
    const app = proxyTo((pod.address() as AddressInfo).port)
    const answers = []
    for (const id of ['trace-7', undefined, 'two words <b>']) {
      const answer = await app.request(
        '/servers/weather/mcp',
        initialize(id === undefined ? {} : { 'x-request-id': id })
      )
      expect(answer.status).toBe(200)
      answers.push(answer.headers.get('x-request-id'))
    }
    expect(answers[0]).toBe('trace-7')
    expect(answers[2]).not.toBe('two words <b>')
    expect(seen).toEqual(answers)
  })
})

const initialize = (headers: Record<string, string> = {}) => mcpPost(INITIALIZE, headers)
