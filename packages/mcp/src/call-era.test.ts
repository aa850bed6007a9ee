import { classifyInboundRequest } from '@modelcontextprotocol/server'
import { describe, expect, it } from 'vitest'
import { createCallEra, type CallFacts } from './call-era.ts'
import { LEGACY, MODERN, modernRequest } from './mcp-wire.ts'

/** The SDK's own classification, counted. */
function counted() {
  const seen = { calls: 0 }
  const callEra = createCallEra((request) => (seen.calls++, classifyInboundRequest(request)))
  return { callEra, seen }
}

const envelope = modernRequest('tools/call', { name: 'get_mcp_status' }).params._meta
const modern = (over: Partial<CallFacts> = {}): CallFacts => ({
  version: MODERN,
  mcpMethod: 'tools/call',
  mcpName: 'get_mcp_status',
  id: 1,
  name: 'get_mcp_status',
  meta: envelope,
  ...over,
})
const legacy = (over: Partial<CallFacts> = {}): CallFacts => ({
  version: LEGACY,
  mcpMethod: undefined,
  mcpName: undefined,
  id: 1,
  name: 'get_mcp_status',
  meta: undefined,
  ...over,
})

describe('createCallEra', () => {
  it("classifies a client's envelope once across its calls (other ids, same headers)", () => {
    const { callEra, seen } = counted()
    for (const id of [1, 2, 3]) expect(callEra(modern({ id }))).toBe('modern')
    for (const id of [1, 2, 3]) expect(callEra(legacy({ id }))).toBe('legacy')
    expect(seen.calls).toBe(2)
  })

  it('classifies anew, and leaves to the SDK, when a header or the envelope differs', () => {
    const { callEra, seen } = counted()
    expect(callEra(modern())).toBe('modern')
    const refused: CallFacts[] = [
      modern({ mcpName: 'start_mcp' }),
      modern({ mcpMethod: 'tools/list' }),
      modern({ version: undefined }),
      modern({ meta: { ...envelope, progressToken: 1 } }),
      modern({ meta: { ...envelope, 'io.modelcontextprotocol/protocolVersion': 7 } }),
      modern({ meta: undefined }),
      legacy({ version: '1999-01-01' }),
      legacy({ meta: { progressToken: 1 } }),
    ]
    for (const call of refused) expect(callEra(call), JSON.stringify(call)).toBeUndefined()
    // Kept too: the SDK's answer does not change.
    for (const call of refused) expect(callEra(call)).toBeUndefined()
    expect(seen.calls).toBe(1 + refused.length)
  })

  it('keeps no key longer than its bound: such a call is classified each time', () => {
    const { callEra, seen } = counted()
    const long = {
      ...envelope,
      'io.modelcontextprotocol/clientInfo': { name: 'x'.repeat(5000), version: '1' },
    }
    expect(callEra(modern({ meta: long }))).toBe('modern')
    expect(callEra(modern({ meta: long }))).toBe('modern')
    expect(seen.calls).toBe(2)
  })

  it('keeps at most 256 classifications', () => {
    const { callEra, seen } = counted()
    const client = (n: number) => ({
      ...envelope,
      'io.modelcontextprotocol/clientInfo': { name: `agent-${n}`, version: '1' },
    })
    for (let n = 0; n < 257; n++) callEra(modern({ meta: client(n) }))
    expect(seen.calls).toBe(257)
    callEra(modern({ meta: client(256) }))
    expect(seen.calls).toBe(257)
    // The first one kept was let go for the 257th.
    callEra(modern({ meta: client(0) }))
    expect(seen.calls).toBe(258)
  })
})
