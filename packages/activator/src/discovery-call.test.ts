import { describe, expect, it } from 'vitest'
import { discoveryCallOf } from './discovery-call.ts'

const encode = (text: string) => new TextEncoder().encode(text)
const META = '"_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28"}'
const request = (method: string) =>
  encode(`{"jsonrpc":"2.0","id":1,"method":"${method}","params":{${META}}}`)

describe('discoveryCallOf', () => {
  it.each(['server/discover', 'tools/list', 'prompts/list', 'resources/templates/list'])(
    'recognizes %s',
    (method) => {
      expect(discoveryCallOf(request(method), new Headers())).toMatchObject({
        id: 1,
        method,
        revision: '2026-07-28',
        modern: true,
      })
    }
  )

  // The byte check before parsing must not miss a method written with JSON escapes.
  it.each([String.raw`tools\/list`, String.raw`\u0074ools/list`, String.raw`tools\u002flist`])(
    'recognizes a method written with escapes (%s)',
    (written) => {
      expect(discoveryCallOf(request(written), new Headers())?.method).toBe('tools/list')
    }
  )

  it('ignores a call, also one whose arguments name a discovery method', () => {
    expect(discoveryCallOf(request('tools/call'), new Headers())).toBeUndefined()
    const named = `{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"echo","arguments":{"text":"tools/list"},${META}}}`
    expect(discoveryCallOf(encode(named), new Headers())).toBeUndefined()
  })

  it('ignores a body whose Mcp-Method header names another method', () => {
    const list = request('tools/list')
    expect(discoveryCallOf(list, new Headers({ 'mcp-method': 'tools/call' }))).toBeUndefined()
    expect(discoveryCallOf(list, new Headers({ 'mcp-method': 'tools/list' }))?.method).toBe(
      'tools/list'
    )
  })

  it('ignores what is not one JSON-RPC request', () => {
    for (const body of [
      '',
      'not json "tools/list"',
      `[${new TextDecoder().decode(request('tools/list'))}]`,
    ])
      expect(discoveryCallOf(encode(body), new Headers())).toBeUndefined()
  })
})
