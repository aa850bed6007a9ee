import { afterEach, describe, expect, it } from 'vitest'
import { connectClient, COUNTED_TO_3, type ExampleClient } from './connect-client.ts'
import { startExampleServer, type RunningExampleServer } from './start-example-server.ts'

let server: RunningExampleServer | undefined
let client: ExampleClient | undefined

afterEach(async () => {
  await client?.close()
  await server?.close()
  client = server = undefined
})

async function start(): Promise<RunningExampleServer> {
  server = await startExampleServer({
    host: '127.0.0.1',
    port: 0,
    mode: 'both',
    pod: 'pod-a',
    exitWithStdin: false,
  })
  return server
}

/** A 2026-07-28 request as the wire carries it: the `_meta` envelope and the matching headers. */
function modern(method: string, params: Record<string, unknown> = {}, name?: string) {
  return {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      'mcp-protocol-version': '2026-07-28',
      'mcp-method': method,
      ...(name && { 'mcp-name': name }),
    },
    body: JSON.stringify({
      jsonrpc: '2.0',
      id: 1,
      method,
      params: {
        ...params,
        _meta: {
          'io.modelcontextprotocol/protocolVersion': '2026-07-28',
          'io.modelcontextprotocol/clientCapabilities': {},
        },
      },
    }),
  }
}

describe('the example server, both eras (v2 SDK)', () => {
  it('serves a 2025 client statelessly, with the same tools', async () => {
    client = await connectClient((await start()).url)
    expect(client.sessionId).toBeUndefined()
    expect(await client.whoami()).toEqual({
      pod: 'pod-a',
      ip: '127.0.0.1',
      port: server?.identity.port,
      mode: 'both',
      pid: process.pid,
    })
    const echoed = await client.client.callTool({ name: 'echo', arguments: { text: 'hi' } })
    expect(echoed.content).toEqual([{ type: 'text', text: 'hi' }])
    expect(await client.slowCount(3)).toEqual(COUNTED_TO_3)
  })

  it('answers 2026-07-28 server/discover and tools/call without a session', async () => {
    const { url } = await start()
    const discover = await fetch(url, modern('server/discover'))
    expect(discover.status).toBe(200)
    expect(discover.headers.get('mcp-session-id')).toBeNull()
    expect(await discover.json()).toMatchObject({
      result: { supportedVersions: expect.arrayContaining(['2026-07-28']) },
    })
    const call = await fetch(url, modern('tools/call', { name: 'whoami' }, 'whoami'))
    expect(call.status).toBe(200)
    expect(await call.json()).toMatchObject({
      result: { structuredContent: { pod: 'pod-a', mode: 'both' } },
    })
  })
})
