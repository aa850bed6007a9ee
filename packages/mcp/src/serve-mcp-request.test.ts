import { MemoryBackend } from '@mcp-lifecycle/core/testing'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startMcpTestServer, type McpTestServer } from './mcp-test-server.ts'
import { MAX_MESSAGES_PER_POST } from './serve-mcp-request.ts'
import { readJsonRpc } from './mcp-wire.ts'

let backend: MemoryBackend
let http: McpTestServer

beforeEach(async () => {
  backend = new MemoryBackend([{ name: 'weather', replicas: 0 }])
  http = await startMcpTestServer({ backend })
})

afterEach(() => http.close())

const post = (body: unknown) =>
  fetch(http.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
    body: JSON.stringify(body),
  })

const statusCall = (id: number) => ({
  jsonrpc: '2.0',
  id,
  method: 'tools/call',
  params: { name: 'get_mcp_status', arguments: { name: 'weather' } },
})

describe('serveMcpRequest', () => {
  // One POST of 100 calls used to run them all: 200 Kubernetes requests for one HTTP request.
  it.each([100, 2, 1])(
    'refuses a JSON-RPC batch of %i calls with 400 before any tool runs',
    async (size) => {
      const res = await post(Array.from({ length: size }, (_, i) => statusCall(i + 1)))
      expect(res.status).toBe(400)
      expect(await res.json()).toEqual({
        jsonrpc: '2.0',
        id: null,
        error: {
          code: -32600,
          message: expect.stringContaining(`at most ${MAX_MESSAGES_PER_POST}`),
        },
      })
      expect(backend.calls).toMatchObject({ list: 0, get: 0, scale: 0, watch: 0 })
    }
  )

  it('still answers a single call', async () => {
    const res = await post(statusCall(1))
    expect(res.status).toBe(200)
    expect(await readJsonRpc(res)).toMatchObject({
      id: 1,
      result: { structuredContent: { name: 'weather' } },
    })
    expect(backend.calls.get).toBeGreaterThan(0)
  })
})
