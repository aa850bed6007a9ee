import { MemoryBackend } from '@mcp-lifecycle/core/testing'
import { Hono } from 'hono'
import { describe, expect, it } from 'vitest'
import { createApiDocsApp } from './api-docs-app.ts'
import { loadDocsAssets } from './docs-assets.ts'
import { createStatusApp } from './status.ts'

const deps = { backend: new MemoryBackend() }

describe('createApiDocsApp', () => {
  it('reads the Swagger UI files on the first request that needs them, and only once', async () => {
    let loads = 0
    const counted = () => (loads++, loadDocsAssets())
    const app = createApiDocsApp(new Hono(), deps, counted)
    await app.request('/openapi.json')
    expect(loads).toBe(0) // a function's cold start does not pay for them
    expect((await app.request('/docs')).status).toBe(200)
    expect((await app.request('/docs/swagger-ui-bundle.js')).status).toBe(200)
    expect((await app.request('/docs')).status).toBe(200)
    expect(loads).toBe(1)
  })

  it('answers /docs and its assets with a problem when Swagger UI is not installed', async () => {
    const absent = () =>
      loadDocsAssets(() => {
        throw new Error('Cannot find module')
      })
    const app = createApiDocsApp(new Hono(), deps, absent)
    for (const path of ['/docs', '/docs/swagger-ui.css']) {
      const res = await app.request(path)
      expect(res.status, path).toBe(404)
      expect(res.headers.get('content-type')).toBe('application/problem+json')
    }
    expect((await app.request('/openapi.json')).status).toBe(200)
  })

  it("documents a server's discovery view in its status (issue 30)", async () => {
    const app = createApiDocsApp(new Hono().route('/', createStatusApp(deps)), deps)
    type Schema = { properties: Record<string, unknown>; required: string[] }
    type Doc = {
      paths: Record<
        string,
        { get: { responses: Record<string, { content: Record<string, { schema: Schema }> }> } }
      >
    }
    const doc = (await (await app.request('/openapi.json')).json()) as Doc
    const ok = doc.paths['/servers/{name}']!.get.responses['200']!
    const schema = ok.content['application/json']!.schema
    expect(schema.properties.discovery).toMatchObject({
      type: 'object',
      properties: { kept: { type: 'boolean' }, revisions: { type: 'array' } },
      required: ['kept', 'taken_at', 'revisions'],
    })
    expect(schema.required).not.toContain('discovery')
  })
})
