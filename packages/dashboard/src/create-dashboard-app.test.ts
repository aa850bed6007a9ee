import { MemoryBackend } from '@mcp-lifecycle/core/testing'
import { routesWithoutBearer } from '@mcp-lifecycle/http-kit'
import { describe, expect, it } from 'vitest'
import { CONTENT_SECURITY_POLICY, createDashboardApp } from './create-dashboard-app.ts'
import { DASHBOARD_ASSETS, loadDashboardAssets } from './dashboard-assets.ts'

const deps = { backend: new MemoryBackend() }

describe('createDashboardApp', () => {
  it('serves the page at / as HTML under a strict Content-Security-Policy', async () => {
    const res = await createDashboardApp(deps).request('/')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY)
    expect(CONTENT_SECURITY_POLICY).toContain("default-src 'none'")
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'")
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe')
    expect(res.headers.get('x-content-type-options')).toBe('nosniff')
    expect(await res.text()).toContain('<title>MCP servers')
  })

  it.each(Object.entries(DASHBOARD_ASSETS))('serves %s with its type', async (path, { type }) => {
    const res = await createDashboardApp(deps).request(path)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe(type)
    expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY)
  })

  it('has no inline script, inline style or event handler attribute in its page', async () => {
    const html = (await loadDashboardAssets())['/']
    for (const script of html.match(/<script\b[^>]*>/g) ?? []) expect(script).toMatch(/\bsrc="/)
    expect(html).not.toMatch(/<style\b|\sstyle=|\son[a-z]+=|javascript:/i)
  })

  it('loads nothing from another origin', async () => {
    const assets = await loadDashboardAssets()
    for (const [path, text] of Object.entries(assets))
      expect(text, path).not.toMatch(/(src|href)="(https?:)?\/\//)
  })

  it('reads its files on the first request, and only once', async () => {
    let loads = 0
    const app = createDashboardApp(deps, () => (loads++, loadDashboardAssets()))
    expect(loads).toBe(0)
    await app.request('/')
    await app.request('/dashboard/dashboard.js')
    expect(loads).toBe(1)
  })

  it('declares its routes as taking no bearer token, and no other', () => {
    const routes = routesWithoutBearer([createDashboardApp(deps)])
    expect(routes.sort()).toEqual(Object.keys(DASHBOARD_ASSETS).sort())
  })

  it('answers an unknown file under /dashboard/ with a 404 problem', async () => {
    const res = await createDashboardApp(deps).request('/dashboard/secret.js')
    expect(res.status).toBe(404)
    expect(res.headers.get('content-type')).toBe('application/problem+json')
  })
})
