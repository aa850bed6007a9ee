import { HttpMethod, RequestContext } from '@kubernetes/client-node'
import { describe, expect, it } from 'vitest'
import { createFetchHttpLibrary } from './fetch-http-library.ts'

describe('createFetchHttpLibrary', () => {
  it('keeps a response header named like an Object.prototype member as plain data', async () => {
    const library = createFetchHttpLibrary(
      async () => new Response('{}', { headers: [['__proto__', 'from-the-wire']] })
    )
    const request = new RequestContext('https://k8s.test/api', HttpMethod.GET)
    const response = await library.send(request).toPromise()
    expect(Object.hasOwn(response.headers, '__proto__')).toBe(true)
    expect(response.headers['__proto__']).toBe('from-the-wire')
  })

  it('sends the request with the signal it was given, over the request context', async () => {
    const caller = new AbortController()
    let sentSignal: unknown
    const library = createFetchHttpLibrary(async (_input, init) => {
      sentSignal = init?.signal
      return new Response('{}')
    }, caller.signal)
    await library.send(new RequestContext('https://k8s.test/api', HttpMethod.GET)).toPromise()
    expect(sentSignal).toBe(caller.signal)
  })
})
