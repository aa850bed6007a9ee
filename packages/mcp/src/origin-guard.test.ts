import { Hono } from 'hono'
import { describe, expect, it } from 'vitest'
import { originGuard } from './origin-guard.ts'

const app = new Hono()
  .use(originGuard(['https://Console.example']))
  .post('/mcp', (c) => c.text('ok'))
const post = (origin?: string) =>
  app.request('/mcp', { method: 'POST', ...(origin !== undefined && { headers: { origin } }) })

describe('originGuard', () => {
  it.each([
    ['no Origin', undefined, 200],
    ['localhost', 'http://localhost:6274', 200],
    ['127.0.0.1 over https', 'https://127.0.0.1', 200],
    ['the IPv6 loopback', 'http://[::1]:8080', 200],
    ['a configured origin, compared without case', 'https://console.example', 200],
    ['a foreign origin', 'https://evil.example', 403],
    ['a subdomain named localhost', 'http://localhost.evil.example', 403],
    ['a non-http scheme on localhost', 'file://localhost', 403],
    ['the opaque origin', 'null', 403],
    ['garbage', 'not a url', 403],
  ])('answers %s with %i', async (_case, origin, status) => {
    const res = await post(origin)
    expect(res.status).toBe(status)
    if (status === 403) {
      expect(await res.json()).toEqual({
        jsonrpc: '2.0',
        error: { code: -32000, message: expect.stringContaining('Forbidden') },
        id: null,
      })
    }
  })
})
