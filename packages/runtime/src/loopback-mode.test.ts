import { serve, type ServerType } from '@hono/node-server'
import { MemoryBackend } from '@mcp-lifecycle/core/testing'
import { createStatusApp, createStopApp } from '@mcp-lifecycle/handlers'
import { request } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { composeApp } from './compose-app.ts'
import { createRuntime, handlerDeps } from './create-runtime.ts'
import { writeTestKubeconfig } from './testing/write-kubeconfig.ts'

// MCPL_AUTH=none as an entry point wires it (createRuntime, handlerDeps, composeApp), over a
// real socket: a cross-site POST with an empty body stopped a server (issue 26, finding 10).
const kubeconfig = writeTestKubeconfig('mcpl-loopback-')

let memory: MemoryBackend
let server: ServerType
let port: number

beforeAll(async () => {
  const runtime = createRuntime({
    KUBECONFIG: kubeconfig,
    MCPL_AUTH: 'none',
    MCPL_LOG_LEVEL: 'silent',
  })
  memory = new MemoryBackend()
  const deps = { ...handlerDeps(runtime), backend: memory }
  const app = composeApp(deps, [createStatusApp(deps), createStopApp(deps)])
  server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' })
  await new Promise((resolve) => server.once('listening', resolve))
  port = (server.address() as AddressInfo).port
})
afterAll(() => void server.close())
beforeEach(async () => {
  if (!memory.peek('weather')) memory.add({ name: 'weather', replicas: 1 })
  else await memory.scale('weather', 1)
  // Running again before the next test: a pending server's status would read its pods, and this
  // runtime's cluster is nowhere (503).
  await vi.waitUntil(() => memory.peek('weather')?.readyReplicas === 1)
})

function send(method: string, path: string, headers: Record<string, string>, body = '') {
  return new Promise<{ status: number; type: string; body: string }>((resolve, reject) => {
    const req = request(
      { port, host: '127.0.0.1', method, path, headers, setHost: false },
      (res) => {
        let text = ''
        res.on('data', (chunk) => (text += chunk))
        res.on('end', () =>
          resolve({
            status: res.statusCode!,
            type: String(res.headers['content-type']),
            body: text,
          })
        )
      }
    )
    req.on('error', reject)
    req.end(body)
  })
}

const here = () => `127.0.0.1:${port}`

describe('MCPL_AUTH=none', () => {
  it.each([
    [
      'a cross-site form post',
      { origin: 'https://evil.example', 'content-type': 'text/plain' },
      403,
    ],
    [
      'a cross-site JSON post',
      { origin: 'https://evil.example', 'content-type': 'application/json' },
      403,
    ],
    [
      'another local port',
      { origin: 'http://127.0.0.1:1', 'content-type': 'application/json' },
      403,
    ],
    ['a rebound host name', { host: 'evil.example', 'content-type': 'application/json' }, 403],
    [
      'a loopback name on another port',
      { host: 'localhost:1', 'content-type': 'application/json' },
      403,
    ],
    ['no content type', {}, 415],
    ['a text/plain body', { 'content-type': 'text/plain' }, 415],
    ['a form body', { 'content-type': 'application/x-www-form-urlencoded' }, 415],
  ])('refuses %s with a problem, and stops nothing', async (_what, headers, status) => {
    const answer = await send('POST', '/servers/weather/stop', { host: here(), ...headers })
    expect(answer).toMatchObject({ status, type: 'application/problem+json' })
    expect(memory.peek('weather')?.desiredReplicas).toBe(1)
  })

  it('refuses a read whose Host is not loopback (DNS rebinding)', async () => {
    const answer = await send('GET', '/servers/weather', { host: `rebind.example:${port}` })
    expect(answer).toMatchObject({ status: 403, type: 'application/problem+json' })
  })

  it.each([['127.0.0.1'], ['localhost'], ['[::1]']])(
    'serves a local JSON request with Host %s and a same-port loopback Origin',
    async (name) => {
      const headers = {
        host: `${name}:${port}`,
        origin: `http://${name}:${port}`,
        'content-type': 'application/json',
      }
      const answer = await send('POST', '/servers/weather/stop', headers, '{}')
      expect(answer.status).toBe(200)
      expect(memory.peek('weather')?.desiredReplicas).toBe(0)
    }
  )

  it('serves a read without Origin (a CLI)', async () => {
    expect(await send('GET', '/servers/weather', { host: here() })).toMatchObject({ status: 200 })
  })
})
