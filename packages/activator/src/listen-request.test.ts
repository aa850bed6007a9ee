import { describe, expect, it } from 'vitest'
import { listenRequestId } from './listen-request.ts'

const LISTEN = 'subscriptions/listen'
const body = (message: unknown) => new TextEncoder().encode(JSON.stringify(message))
const listen = (id: unknown) => body({ jsonrpc: '2.0', id, method: LISTEN, params: {} })
const headers = (method: string) => new Headers({ 'mcp-method': method })

describe('listenRequestId', () => {
  it.each([
    ['a string id', listen('listen:0'), 'listen:0'],
    ['a number id', listen(7), 7],
  ])('gives the id of a listen request with %s', (_, bytes, id) => {
    expect(listenRequestId('POST', headers(LISTEN), bytes)).toBe(id)
  })

  it.each([
    ['a GET', 'GET', LISTEN, listen(1)],
    ['another Mcp-Method header', 'POST', 'tools/call', listen(1)],
    [
      'a tools/call body under a listen header',
      'POST',
      LISTEN,
      body({ jsonrpc: '2.0', id: 1, method: 'tools/call' }),
    ],
    ['a batch', 'POST', LISTEN, body([{ jsonrpc: '2.0', id: 1, method: LISTEN }])],
    ['a body that is not JSON', 'POST', LISTEN, new TextEncoder().encode('{"jsonrpc":')],
    ['no jsonrpc 2.0', 'POST', LISTEN, body({ id: 1, method: LISTEN })],
    ['an object id', 'POST', LISTEN, listen({ a: 1 })],
    ['a null id', 'POST', LISTEN, listen(null)],
    ['no body', 'POST', LISTEN, undefined],
  ])('counts %s as an ordinary request', (_, method, header, bytes) => {
    expect(listenRequestId(method, headers(header), bytes)).toBeUndefined()
  })
})
