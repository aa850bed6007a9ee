import { connect } from 'node:net'
import { Writable } from 'node:stream'
import { validate } from '@readme/openapi-parser'
import { MemoryBackend, WEATHER_SCALED_1_TO_3 } from '@mcp-lifecycle/core/testing'
import { LifecycleError } from '@mcp-lifecycle/core'
import type { HandlerDeps } from '@mcp-lifecycle/http-kit'
import {
  createEventsApp,
  createHooksApp,
  createListApp,
  createScaleApp,
  createServerApps,
} from '@mcp-lifecycle/handlers'
import { pino } from 'pino'
import { describe, expect, it } from 'vitest'
import { composeApp } from './compose-app.ts'
import { serveOnLoopback } from './testing/serve-on-loopback.ts'
import { createMetrics, instrumentBackend } from '@mcp-lifecycle/observability'

function setup() {
  const lines: string[] = []
  const sink = new Writable({ write: (chunk, _enc, done) => (lines.push(String(chunk)), done()) })
  const logger = pino({ level: 'info' }, sink)
  const metrics = createMetrics()
  const memory = new MemoryBackend([
    { name: 'weather', replicas: 1 },
    { name: 'stuck', replicas: 0, neverReady: true },
  ])
  const backend = instrumentBackend(memory, metrics)
  const deps: HandlerDeps = { backend, limits: { maxReplicas: 7, maxTimeoutSeconds: 120 } }
  const operations = createServerApps(deps)
  return { app: composeApp(deps, operations, { logger, metrics }), lines, memory }
}

const post = (body = '{}') => ({
  method: 'POST',
  body,
  headers: { 'content-type': 'application/json' },
})

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

  describe('security', () => {
    // Every kind of route: reads, mutations, CloudEvents, and the signed webhook.
    async function fullDocument() {
      const deps: HandlerDeps = { backend: new MemoryBackend() }
      const operations = [...createServerApps(deps), createEventsApp(deps), createHooksApp(deps)]
      return (await (await composeApp(deps, operations).request('/openapi.json')).json()) as any
    }

    /** Every operation of the document, with its response objects' $refs followed. */
    function operationsOf(document: any) {
      const follow = (r: any) =>
        r.$ref ? document.components.responses[r.$ref.split('/').pop()] : r
      return Object.entries(document.paths as Record<string, Record<string, any>>).flatMap(
        ([path, item]) =>
          Object.entries(item).map(([method, operation]) => ({
            route: `${method.toUpperCase()} ${path}`,
            path,
            method,
            security: operation.security,
            responses: Object.fromEntries(
              Object.entries(operation.responses).map(([s, r]) => [s, follow(r)])
            ) as Record<string, any>,
          }))
      )
    }

    it('stays a valid OpenAPI 3.1 document with every route', async () => {
      const document = await fullDocument()
      const result = await validate(structuredClone(document))
      expect(result.valid, JSON.stringify(result)).toBe(true)
      expect(Object.keys(document.paths)).toEqual(
        expect.arrayContaining(['/servers', '/events', '/hooks/{source}'])
      )
    })

    it('declares an HTTP bearer scheme and an X-Hub-Signature-256 scheme for webhooks', async () => {
      const { components } = await fullDocument()
      expect(components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' })
      expect(components.securitySchemes.webhookSignature).toMatchObject({
        type: 'apiKey',
        in: 'header',
        name: 'X-Hub-Signature-256',
      })
    })

    it('asks a bearer token on every route but the webhook, which asks its signature', async () => {
      const operations = operationsOf(await fullDocument())
      expect(operations.length).toBeGreaterThanOrEqual(7)
      for (const { route, path, security } of operations) {
        const expected = path.startsWith('/hooks/') ? 'webhookSignature' : 'bearer'
        expect(security, route).toEqual([{ [expected]: [] }])
      }
    })

    it('lists 401 and 403 on every route, 413 and 429 on every mutation, as problems', async () => {
      for (const { route, method, responses } of operationsOf(await fullDocument())) {
        const statuses = method === 'get' ? ['401', '403'] : ['401', '403', '413', '429']
        for (const status of statuses) {
          expect(responses[status]?.content, `${route} ${status}`).toHaveProperty(
            'application/problem+json.schema.properties.status'
          )
        }
      }
    })
  })
})

describe('/docs', () => {
  // The assets must be public like /docs: an app whose every credential check fails.
  function appWithoutCredential() {
    const deps: HandlerDeps = {
      backend: new MemoryBackend(),
      authenticator: async () => {
        throw new LifecycleError('unauthorized', 'No credential.')
      },
    }
    return composeApp(deps, [createListApp(deps)])
  }

  it('renders the document with Swagger UI from local paths only, keeping the token in the tab', async () => {
    const app = appWithoutCredential()
    expect((await app.request('/servers')).status).toBe(401)
    const res = await app.request('/docs')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/^text\/html/)
    const html = await res.text()
    expect(html).toContain('"/openapi.json"')
    expect(html).toMatch(/href="\/docs\/swagger-ui\.css(\?[^"]*)?"/)
    expect(html).toMatch(/src="\/docs\/swagger-ui-bundle\.js(\?[^"]*)?"/)
    expect(html).not.toMatch(/https?:\/\//)
    expect(html).toContain('sessionStorage')
  })

  it.each([
    ['/docs/swagger-ui.css', /^text\/css/, '.swagger-ui'],
    ['/docs/swagger-ui-bundle.js', /^text\/javascript/, 'SwaggerUIBundle'],
  ])('serves %s without a credential, typed and cached long', async (path, type, marker) => {
    const res = await appWithoutCredential().request(path)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(type)
    const maxAge = Number(/max-age=(\d+)/.exec(res.headers.get('cache-control') ?? '')?.[1])
    expect(maxAge).toBeGreaterThanOrEqual(30 * 24 * 3600)
    expect(await res.text()).toContain(marker)
  })

  it('serves /openapi.json without a credential too', async () => {
    expect((await appWithoutCredential().request('/openapi.json')).status).toBe(200)
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
        audit: WEATHER_SCALED_1_TO_3,
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

describe('routes and methods', () => {
  it('answers 405 with Allow for a method a route does not take', async () => {
    const { app } = setup()
    const res = await app.request('/servers/weather/start')
    expect(res.status).toBe(405)
    expect(res.headers.get('allow')).toBe('POST')
    expect(await res.json()).toMatchObject({ title: 'Method not allowed', status: 405 })
    const list = await app.request('/servers', post())
    expect(list.status).toBe(405)
    expect(list.headers.get('allow')).toBe('GET, HEAD')
  })

  it('titles an unknown route as such, not as a missing MCP server', async () => {
    const { app } = setup()
    const res = await app.request('/nothing/here')
    expect(res.status).toBe(404)
    expect(await res.json()).toMatchObject({ title: 'No such route' })
  })

  it.each(['?dryRun=All', '?DRY_RUN=true', '?dry_run=true&force=1'])(
    'refuses an unknown query parameter on a mutation (%s) and changes nothing',
    async (query) => {
      const { app, memory } = setup()
      const res = await app.request(`/servers/weather/scale${query}`, post('{"replicas":3}'))
      expect(res.status).toBe(400)
      const problem = (await res.json()) as { detail: string }
      expect(problem.detail).toMatch(/unknown query parameter; the query parameters are dry_run/)
      expect(memory.peek('weather')?.desiredReplicas).toBe(1)
    }
  )

  it('names an unknown body key in the same words as every other entry point', async () => {
    const { app } = setup()
    const res = await app.request('/servers/weather/scale', post('{"replica":2}'))
    expect(((await res.json()) as { detail: string }).detail).toBe(
      'replica: unknown field; the fields are replicas, wait_ready, timeout'
    )
  })
})

describe('request log of a client that went away', () => {
  it('writes the request line (status 499) when the client disconnects during a wait', async () => {
    const { app, lines, memory } = setup()
    const { server, port } = await serveOnLoopback(app.fetch)
    try {
      const client = new AbortController()
      const request = fetch(`http://127.0.0.1:${port}/servers/stuck/start`, {
        ...post('{"wait_ready":true,"timeout":60}'),
        signal: client.signal,
      }).catch(() => undefined)
      await expect.poll(() => memory.calls.watch).toBe(1) // the manager is waiting
      client.abort()
      await request
      await expect
        .poll(() =>
          lines
            .map((l) => JSON.parse(l))
            .find((l) => l.msg === 'request' && l.path === '/servers/stuck/start')
        )
        .toMatchObject({ status: 499 })
    } finally {
      server.close()
    }
  })
})

describe('paths that a URL parser would resolve', () => {
  // `/servers/%2e%2e/scale` reached `POST /scale`-like routes past a front proxy that exposes
  // only /servers/ (issue 26); here it would have reached the scale of another server.
  it('refuses /servers/x/%2e%2e/weather/scale before any route, changing nothing', async () => {
    const { app, memory } = setup()
    const { server, port } = await serveOnLoopback(app.fetch)
    try {
      const answer = await new Promise<string>((resolve, reject) => {
        const socket = connect(port, '127.0.0.1')
        let text = ''
        socket.on('data', (chunk) => (text += chunk))
        socket.on('end', () => resolve(text))
        socket.on('error', reject)
        const body = '{"replicas":3}'
        socket.write(
          `POST /servers/x/%2e%2e/weather/scale HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n` +
            `Content-Type: application/json\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`
        )
      })
      expect(answer).toMatch(/^HTTP\/1.1 400 /)
      expect(answer).toContain('"field":"path"')
      expect(memory.peek('weather')?.desiredReplicas).toBe(1)
    } finally {
      server.close()
    }
  })
})
