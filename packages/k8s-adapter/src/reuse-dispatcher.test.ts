import { describe, expect, it } from 'vitest'
import { reuseDispatcher } from './reuse-dispatcher.ts'

describe('reuseDispatcher', () => {
  it('sends every request through the first dispatcher, keeping the rest of the request', async () => {
    const seen: unknown[] = []
    const fetchFn = reuseDispatcher(async (_input, init) => {
      seen.push([init?.dispatcher, init?.method])
      return new Response('')
    })
    const first = { id: 1 }
    await fetchFn('https://k8s.test/a', { dispatcher: first, method: 'GET' })
    await fetchFn('https://k8s.test/b', { dispatcher: { id: 2 }, method: 'PUT' })
    await fetchFn('https://k8s.test/c', { method: 'DELETE' })
    expect(seen).toEqual([
      [first, 'GET'],
      [first, 'PUT'],
      [undefined, 'DELETE'],
    ])
  })
})
