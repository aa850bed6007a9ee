import { LifecycleError } from '@mcp-lifecycle/core'
import { MemoryBackend, MemoryServerPods } from '@mcp-lifecycle/core/testing'
import { validate } from '@readme/openapi-parser'
import { describe, expect, it, onTestFinished } from 'vitest'
import { createActivator } from '@mcp-lifecycle/activator'
import { createServerApp } from './create-server-app.ts'

const tokens: Record<string, { id: string; scope: 'read' | 'write' }> = {
  'Bearer reader-token': { id: 'reader', scope: 'read' },
  'Bearer writer-token': { id: 'writer', scope: 'write' },
}

function app() {
  const backend = new MemoryBackend([{ name: 'weather', replicas: 0 }])
  const authenticator = async (header: string | undefined) => {
    const principal = header ? tokens[header] : undefined
    if (!principal) throw new LifecycleError('unauthorized', 'Send a token.')
    return principal
  }
  return { backend, app: createServerApp({ backend, authenticator }) }
}

const rpc = (method: string, params: object, token?: string) => ({
  method: 'POST',
  body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
  headers: {
    'content-type': 'application/json',
    accept: 'application/json, text/event-stream',
    'mcp-protocol-version': '2025-11-25',
    ...(token && { authorization: `Bearer ${token}` }),
  },
})

describe('the server app', () => {
  it('documents every route in one valid OpenAPI document', async () => {
    const document = (await (await app().app.request('/openapi.json')).json()) as any
    expect((await validate(structuredClone(document))).valid).toBe(true)
    expect(Object.keys(document.paths).sort()).toEqual([
      '/events',
      '/hooks/{source}',
      '/mcp',
      '/namespaces/{namespace}/servers',
      '/namespaces/{namespace}/servers/{name}',
      '/namespaces/{namespace}/servers/{name}/scale',
      '/namespaces/{namespace}/servers/{name}/start',
      '/namespaces/{namespace}/servers/{name}/stop',
      '/servers',
      '/servers/{name}',
      '/servers/{name}/scale',
      '/servers/{name}/start',
      '/servers/{name}/stop',
    ])
    const hook = document.paths['/hooks/{source}'].post
    expect(hook.requestBody.content['application/json'].schema).toBeDefined()
  })

  it('keeps /mcp behind the same authentication as the HTTP API', async () => {
    const { app: server } = app()
    const anonymous = await server.request('/mcp', rpc('tools/list', {}))
    expect(anonymous.status).toBe(401)
    expect(anonymous.headers.get('content-type')).toBe('application/problem+json')
  })

  it('serves the dashboard at / without a credential, and nothing else with it', async () => {
    const { app: server } = app()
    const page = await server.request('/')
    expect(page.status).toBe(200)
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'")
    expect((await server.request('/dashboard/dashboard.js')).status).toBe(200)
    expect((await server.request('/servers')).status).toBe(401)
    expect((await server.request('/servers?watch=true')).status).toBe(401)
  })

  it('applies the token scope to MCP tools: a read token cannot start a server', async () => {
    const { app: server, backend } = app()
    const res = await server.request(
      '/mcp',
      rpc(
        'tools/call',
        { name: 'start_mcp', arguments: { name: 'weather', wait_ready: false } },
        'reader-token'
      )
    )
    expect(res.status).toBe(200)
    const body = (await res.json()) as { result: { isError: boolean; content: { text: string }[] } }
    expect(body.result.isError).toBe(true)
    expect(body.result.content[0]?.text).toMatch(/write scope/)
    expect(backend.calls.scale).toBe(0)
    const allowed = await server.request(
      '/mcp',
      rpc(
        'tools/call',
        { name: 'start_mcp', arguments: { name: 'weather', wait_ready: false } },
        'writer-token'
      )
    )
    expect(((await allowed.json()) as { result: { isError?: boolean } }).result.isError).toBeFalsy()
    expect(backend.peek('weather')?.desiredReplicas).toBe(1)
  })
})

describe('the server app with the activator', () => {
  function withActivator() {
    const { backend } = app()
    const pods = new MemoryServerPods()
    pods.set('weather', [])
    const authenticator = async (header: string | undefined) => {
      const principal = header ? tokens[header] : undefined
      if (!principal) throw new LifecycleError('unauthorized', 'Send a token.')
      return principal
    }
    const activator = createActivator({ backend, authenticator }, { pods })
    onTestFinished(() => activator.close())
    return { backend, server: createServerApp({ backend, authenticator }, undefined, activator) }
  }

  it('mounts /servers/{name}/mcp behind the same authentication', async () => {
    const { server } = withActivator()
    const anonymous = await server.request('/servers/weather/mcp', rpc('initialize', {}))
    expect(anonymous.status).toBe(401)
    const wrongMethod = await server.request('/servers/weather/mcp', { method: 'PUT' })
    expect(wrongMethod.status).toBe(401)
  })

  it('does not let a read token wake a stopped server through it', async () => {
    const { server, backend } = withActivator()
    const res = await server.request('/servers/weather/mcp', rpc('initialize', {}, 'reader-token'))
    expect(res.status).toBe(403)
    expect(backend.calls.scale).toBe(0)
  })
})
