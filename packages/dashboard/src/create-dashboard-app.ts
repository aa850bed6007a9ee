import { createBaseApp, withoutBearer, type HandlerDeps } from '@mcp-lifecycle/http-kit'
import {
  DASHBOARD_ASSETS,
  loadDashboardAssets,
  type DashboardAssetPath,
  type DashboardAssets,
} from './dashboard-assets.ts'

/**
 * Only the app's own files, no inline script or style, no frames, forms that go nowhere; the
 * page talks to this origin only (fetch).
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ')

const HEADERS = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  // Small files whose URLs carry no version: revalidated, so an upgrade shows at once.
  'Cache-Control': 'no-cache',
}

/**
 * GET / : the dashboard, a page for people, and its files under /dashboard/. Loading them
 * takes no credential (withoutBearer); the page asks for a token and sends it with every API
 * call it makes. Headers are set per route, not by `app.use`: a middleware route would be
 * counted among this app's public routes.
 */
export function createDashboardApp(deps: HandlerDeps, loadAssets = loadDashboardAssets) {
  let assets: Promise<DashboardAssets> | undefined
  const app = withoutBearer(createBaseApp(deps))
  for (const [path, { type }] of Object.entries(DASHBOARD_ASSETS)) {
    app.get(path, async (c) => {
      const contents = await (assets ??= loadAssets())
      return c.body(contents[path as DashboardAssetPath], 200, { ...HEADERS, 'Content-Type': type })
    })
  }
  return app
}
