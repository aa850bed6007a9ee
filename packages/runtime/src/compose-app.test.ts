import { Writable } from 'node:stream'
import { validate } from '@readme/openapi-parser'
import { MemoryBackend } from '@mcp-lifecycle/core/testing'
import {
  createListApp,
  createMetrics,
  createScaleApp,
  createStartApp,
  createStatusApp,
  createStopApp,
  instrumentBackend,
  type HandlerDeps,
} from '@mcp-lifecycle/handlers'
import { pino } from 'pino'
import { describe, expect, it } from 'vitest'
import { composeApp } from './compose-app.ts'

function setup() {
  const lines: string[] = []
  const sink = new Writable({ write: (chunk, _enc, done) => (lines.push(String(chunk)), done()) })
  const logger = pino({ level: 'info' }, sink)
  const metrics = createMetrics()
  const backend = instrumentBackend(new MemoryBackend([{ name: 'weather', replicas: 1 }]), metrics)
  const deps: HandlerDeps = { backend, limits: { maxReplicas: 7, maxTimeoutSeconds: 120 } }
  const operations = [
    createListApp,
    createStatusApp,
    createStartApp,
    createStopApp,
    createScaleApp,
  ].map((f) => f(deps))
  return { app: composeApp(deps, operations, { logger, metrics }), lines }
}

describe('GET /openapi.json', () => {
  it('is a valid OpenAPI 3.1 document with every route, body schema and error shape', async () => {
    const { app } = setup()
    const document = (await (await app.request('/openapi.json')).json()) as any
    const result = await validate(structuredClone(document))
    expect(result.valid, JSON.stringify(result)).toBe(true)
    expect(document.openapi).toBe('3.1.0')
    const paths = document.paths as Record<string, Record<string, any>>
    expect(Object.keys(paths).sort()).toEqual([
      '/servers',
      '/servers/{name}',
      '/servers/{name}/scale',
      '/servers/{name}/start',
      '/servers/{name}/stop',
    ])
    const scale = paths['/servers/{name}/scale']!.post
    const body = scale.requestBody.content['application/json'].schema
    expect(body.required).toEqual(['replicas'])
    expect(body.properties.replicas).toMatchObject({ type: 'integer', minimum: 0, maximum: 7 })
    expect(scale.parameters).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: 'name', in: 'path' })])
    )
    for (const status of ['400', '404', '503', '504']) {
      expect(scale.responses[status].content).toHaveProperty('application/problem+json')
    }
    expect(paths['/servers']!.get.responses['200'].content['application/json'].schema).toBeDefined()
  })

  it('is rendered at /docs', async () => {
    const { app } = setup()
    const res = await app.request('/docs')
    expect(res.status).toBe(200)
    expect(await res.text()).toContain('/openapi.json')
  })
})

describe('GET /metrics', () => {
  it('exports every metric family, and the request counter moves after a request', async () => {
    const { app } = setup()
    const before = await (await app.request('/metrics')).text()
    for (const name of [
      'mcpl_http_requests_total',
      'mcpl_http_request_duration_seconds',
      'mcpl_kubernetes_requests_total',
      'mcpl_waits_in_progress',
      'mcpl_scale_operations_total',
      'mcpl_servers',
    ]) {
      expect(before).toContain(`# TYPE ${name}`)
    }
    await app.request('/servers')
    await app.request('/servers/weather/scale', {
      method: 'POST',
      body: '{"replicas":2}',
      headers: { 'content-type': 'application/json' },
    })
    const after = await (await app.request('/metrics')).text()
    expect(after).toMatch(
      /mcpl_http_requests_total\{method="POST",route="\/servers\/:name\/scale",status="200"\} 1/
    )
    expect(after).toMatch(/mcpl_scale_operations_total\{outcome="ok"\} 1/)
    expect(after).toMatch(/mcpl_servers\{status="running"\} 1/)
  })
})

describe('request ids and logs', () => {
  it("answers with a request id, reusing the caller's, and logs one JSON line with it", async () => {
    const { app, lines } = setup()
    const res = await app.request('/servers', { headers: { 'X-Request-Id': 'trace-42' } })
    expect(res.headers.get('X-Request-Id')).toBe('trace-42')
    const fresh = await app.request('/servers')
    expect(fresh.headers.get('X-Request-Id')).toMatch(/\S{8,}/)
    const logged = lines.map((l) => JSON.parse(l))
    expect(logged).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ reqId: 'trace-42', status: 200, path: '/servers' }),
      ])
    )
  })

  it('writes one audit line per mutation attempt, with the request id', async () => {
    const lines: string[] = []
    const sink = new Writable({ write: (chunk, _enc, done) => (lines.push(String(chunk)), done()) })
    const logger = pino({ level: 'info' }, sink)
    const backend = new MemoryBackend([{ name: 'weather', replicas: 1 }])
    const deps: HandlerDeps = {
      backend,
      authenticator: async () => ({ id: 'agent-7', scope: 'write' }),
      audit: (record, { reqId }) => logger.info({ reqId, audit: record }, 'audit'),
    }
    const app = composeApp(deps, [createScaleApp(deps)], { logger, metrics: createMetrics() })
    await app.request('/servers/weather/scale', {
      method: 'POST',
      body: '{"replicas":3}',
      headers: {
        'content-type': 'application/json',
        'X-Request-Id': 'req-1',
        authorization: 'Bearer s3cr3t',
      },
    })
    const audit = lines.map((l) => JSON.parse(l)).filter((l) => l.msg === 'audit')
    expect(audit).toEqual([
      expect.objectContaining({
        reqId: 'req-1',
        audit: {
          who: 'agent-7',
          action: 'scale',
          server: 'weather',
          from: 1,
          to: 3,
          dry_run: false,
          outcome: 'changed',
        },
      }),
    ])
    expect(lines.join('\n')).not.toContain('s3cr3t')
  })

  it('never writes a token or secret to the log', async () => {
    const { app, lines } = setup()
    await app.request('/servers/weather?token=s3cr3t-query', {
      headers: { Authorization: 'Bearer s3cr3t-token', Cookie: 'session=s3cr3t-cookie' },
    })
    await app.request('/servers/weather/start', {
      method: 'POST',
      body: '{"password":"s3cr3t-body"}',
      headers: { 'content-type': 'application/json' },
    })
    expect(lines.length).toBeGreaterThan(1)
    expect(lines.join('\n')).not.toMatch(/s3cr3t/)
  })
})
