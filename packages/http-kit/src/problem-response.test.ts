import { Hono } from 'hono'
import { describe, expect, it, vi } from 'vitest'
import { createErrorHandler } from './problem-response.ts'

describe('createErrorHandler', () => {
  it('answers an unexpected error with a generic 500 and logs it, never the stack', async () => {
    const log = vi.fn()
    const app = new Hono().get('/boom', () => {
      throw new Error('password=hunter2 at Object.<anonymous> (/srv/app.js:1:1)')
    })
    app.onError(createErrorHandler(log))
    const res = await app.request('/boom')
    expect(res.status).toBe(500)
    const text = await res.text()
    expect(text).not.toContain('hunter2')
    expect(text).not.toContain('app.js')
    expect(log).toHaveBeenCalledOnce()
  })
})
