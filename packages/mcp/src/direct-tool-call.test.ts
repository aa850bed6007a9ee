import { MemoryBackend } from '@mcp-lifecycle/core/testing'
import { createMcpHandler, type AuthInfo } from '@modelcontextprotocol/server'
import { beforeEach, describe, expect, it } from 'vitest'
import { toAuthInfo } from './caller-auth-info.ts'
import { createMcpServer } from './create-mcp-server.ts'
import { answerToolCall, recognizeToolCall } from './direct-tool-call.ts'
import { LEGACY, modernHeaders, modernRequest, MODERN } from './mcp-wire.ts'
import { serveMcpRequest, type McpEndpoint } from './serve-mcp-request.ts'
import { createTools } from './tools.ts'

const tools = createTools()
const byName = new Map(tools.map((tool) => [tool.name as string, tool]))
const scope = { principal: { id: 'tester', scope: 'write' as const } }
const authInfo = toAuthInfo({ scope })
let backend: MemoryBackend
let serversBuilt: number

/** The endpoint as createMcpApp builds it; `direct`: with the tools/call path of this file. */
function endpoint(direct: boolean): McpEndpoint {
  const server = (modern: boolean) => {
    serversBuilt++
    return createMcpServer({ services: { backend }, tools, scope, statusUpdates: modern })
  }
  return {
    handler: createMcpHandler(() => server(true), { legacy: 'reject' }),
    createLegacyServer: (_: AuthInfo) => server(false),
    ...(direct && {
      serveToolCall: (request: Request, body: unknown) => {
        const call = recognizeToolCall(request, body, byName)
        return (
          call &&
          answerToolCall(call, byName, { services: { backend }, scope, signal: request.signal })
        )
      },
    }),
  }
}

const LEGACY_HEADERS = {
  'content-type': 'application/json',
  accept: 'application/json, text/event-stream',
  'mcp-protocol-version': LEGACY,
}
const legacyCall = (args: object) => ({
  jsonrpc: '2.0',
  id: 7,
  method: 'tools/call',
  params: { name: 'get_mcp_status', arguments: args },
})
const modernCall = (args: object) =>
  modernRequest('tools/call', { name: 'get_mcp_status', arguments: args }, 7)

async function answer(direct: boolean, headers: Record<string, string>, body: unknown) {
  const request = new Request('http://127.0.0.1/mcp', {
    method: 'POST',
    headers,
    body: JSON.stringify(body),
  })
  const res = await serveMcpRequest(request, endpoint(direct), authInfo)
  return { status: res.status, type: res.headers.get('content-type'), body: await res.text() }
}

beforeEach(() => {
  backend = new MemoryBackend([{ name: 'weather', replicas: 1 }])
  serversBuilt = 0
})

describe('a plain tools/call', () => {
  const calls = [
    ['2025-11-25, a status', LEGACY_HEADERS, legacyCall({ name: 'weather' })],
    ['2025-11-25, no such server', LEGACY_HEADERS, legacyCall({ name: 'nope' })],
    ['2025-11-25, bad arguments', LEGACY_HEADERS, legacyCall({ name: 'NOT A NAME' })],
    ['2026-07-28, a status', modernHeaders(modernCall({})), modernCall({ name: 'weather' })],
    ['2026-07-28, no such server', modernHeaders(modernCall({})), modernCall({ name: 'nope' })],
    ['2026-07-28, bad arguments', modernHeaders(modernCall({})), modernCall({ name: 7 })],
  ] as const

  // Issue 29: the SDK built a Server, a transport and parsed every message with zod per call.
  it.each(calls)('%s: is answered without building an MCP server', async (_, headers, body) => {
    const res = await answer(true, headers, body)
    expect(res.status).toBe(200)
    expect(serversBuilt).toBe(0)
  })

  it.each(calls)('%s: answers what the SDK answers', async (_, headers, body) => {
    const direct = await answer(true, headers, body)
    const sdk = await answer(false, headers, body)
    expect(serversBuilt).toBe(1)
    expect({ ...direct, body: JSON.parse(direct.body) }).toEqual({
      ...sdk,
      body: JSON.parse(sdk.body),
    })
  })
})

describe('recognizeToolCall leaves to the SDK', () => {
  const modern = modernCall({ name: 'weather' })
  const request = (headers: Record<string, string>) =>
    new Request('http://127.0.0.1/mcp', { method: 'POST', headers, body: '' })
  it.each([
    [
      'a progress token',
      LEGACY_HEADERS,
      { ...legacyCall({}), params: { name: 'get_mcp_status', _meta: { progressToken: 1 } } },
    ],
    ['an unknown tool', LEGACY_HEADERS, { ...legacyCall({}), params: { name: 'rm_rf' } }],
    ['a task', LEGACY_HEADERS, { ...legacyCall({}), params: { name: 'get_mcp_status', task: {} } }],
    ['another method', LEGACY_HEADERS, { ...legacyCall({}), method: 'tools/list' }],
    [
      'an unknown protocol version',
      { ...LEGACY_HEADERS, 'mcp-protocol-version': '1999-01-01' },
      legacyCall({}),
    ],
    [
      'no text/event-stream in Accept',
      { ...LEGACY_HEADERS, accept: 'application/json' },
      legacyCall({}),
    ],
    ['another content type', { ...LEGACY_HEADERS, 'content-type': 'text/plain' }, legacyCall({})],
    ['a non-integer id', LEGACY_HEADERS, { ...legacyCall({}), id: 1.5 }],
    [
      'an Mcp-Name that is not the tool',
      { ...modernHeaders(modern), 'mcp-name': 'start_mcp' },
      modern,
    ],
    ['no Mcp-Method', { ...modernHeaders(modern), 'mcp-method': '' }, modern],
    [
      'an envelope without its version header',
      { ...modernHeaders(modern), 'mcp-protocol-version': '' },
      modern,
    ],
    [
      'more in _meta than the envelope',
      modernHeaders(modern),
      {
        ...modern,
        params: { ...modern.params, _meta: { ...modern.params._meta, progressToken: 1 } },
      },
    ],
    [
      'a modern revision this server does not speak',
      { ...modernHeaders(modern), 'mcp-protocol-version': '2027-01-01' },
      {
        ...modern,
        params: {
          ...modern.params,
          _meta: {
            ...modern.params._meta,
            'io.modelcontextprotocol/protocolVersion': '2027-01-01',
          },
        },
      },
    ],
  ])('%s', (_, headers, body) => {
    const clean = Object.fromEntries(Object.entries(headers).filter(([, v]) => v !== ''))
    expect(recognizeToolCall(request(clean), body, byName)).toBeUndefined()
  })

  it('recognizes both eras otherwise', () => {
    expect(recognizeToolCall(request(LEGACY_HEADERS), legacyCall({}), byName)?.era).toBe('legacy')
    expect(recognizeToolCall(request(modernHeaders(modern)), modern, byName)?.era).toBe('modern')
    expect(MODERN).toBe('2026-07-28')
  })
})
