import type { Hono } from 'hono'
import { generateSpecs } from 'hono-openapi'
import { createBaseApp, type HandlerDeps, withoutBearer } from '@mcp-lifecycle/http-kit'
import { DOCS_ASSETS, loadDocsAssets, type DocsAssetPath, type DocsAssets } from './docs-assets.ts'
import { renderDocsPage } from './docs-page.ts'
import { SECURITY_COMPONENTS, secureOperations } from './secure-operations.ts'

const DOCUMENT_URL = '/openapi.json'

const DOCUMENT_OPTIONS: Parameters<typeof generateSpecs>[1] = {
  documentation: {
    openapi: '3.1.0',
    info: {
      title: 'mcp-lifecycle',
      version: '0.1.0',
      description: 'Lifecycle of MCP servers running as Kubernetes Deployments.',
    },
    tags: [{ name: 'servers', description: 'MCP servers' }],
    components: SECURITY_COMPONENTS,
  },
  exclude: [DOCUMENT_URL, '/docs', ...Object.keys(DOCS_ASSETS), '/metrics', '/healthz', '/readyz'],
}

// The URLs of the assets carry the Swagger UI version (see docs-page.ts): a year is safe.
const CACHE_FOR_A_YEAR = 'public, max-age=31536000, immutable'

/**
 * GET /openapi.json: the OpenAPI 3.1 document generated from `described`'s routes and the
 * core schemas they validate with; GET /docs renders it with Swagger UI, whose files the app
 * serves itself (DOCS_ASSETS), read by `loadAssets` on the first request that needs them.
 */
export function createApiDocsApp(described: Hono, deps: HandlerDeps, loadAssets = loadDocsAssets) {
  let document: object | undefined
  let assets: Promise<DocsAssets> | undefined
  const docsAssets = () => (assets ??= loadAssets())
  const app = withoutBearer(createBaseApp(deps))
    .get(DOCUMENT_URL, async (c) =>
      c.json((document ??= secureOperations(await generateSpecs(described, DOCUMENT_OPTIONS))))
    )
    .get('/docs', async (c) => c.html(renderDocsPage(DOCUMENT_URL, (await docsAssets()).version)))
  for (const [path, { type }] of Object.entries(DOCS_ASSETS)) {
    app.get(path, async (c) =>
      c.body((await docsAssets()).contents[path as DocsAssetPath], 200, {
        'Content-Type': type,
        'Cache-Control': CACHE_FOR_A_YEAR,
      })
    )
  }
  return app
}
