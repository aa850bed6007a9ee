import { afterEach, describe, expect, it } from 'vitest'
import { connectClient, COUNTED_TO_3, type ExampleClient } from './connect-client.ts'
import type { Mode } from './options.ts'
import { startExampleServer, type RunningExampleServer } from './start-example-server.ts'

let server: RunningExampleServer | undefined
let client: ExampleClient | undefined

afterEach(() => stop())

async function stop(): Promise<void> {
  await client?.close()
  await server?.close()
  client = server = undefined
}

async function start(mode: Mode): Promise<ExampleClient> {
  server = await startExampleServer({
    host: '127.0.0.1',
    port: 0,
    mode,
    pod: 'pod-a',
    exitWithStdin: false,
  })
  client = await connectClient(server.url)
  return client
}

describe.each<Mode>(['stateful', 'stateless'])('the example server, %s', (mode) => {
  it('says who it is', async () => {
    const c = await start(mode)
    expect(await c.whoami()).toEqual({
      pod: 'pod-a',
      ip: '127.0.0.1',
      port: server?.identity.port,
      mode,
      pid: process.pid,
    })
  })

  it('echoes', async () => {
    const c = await start(mode)
    const result = await c.client.callTool({ name: 'echo', arguments: { text: 'hi' } })
    expect(result.content).toEqual([{ type: 'text', text: 'hi' }])
  })

  it('counts slowly, with one progress notification per step', async () => {
    const c = await start(mode)
    expect(await c.slowCount(3)).toEqual(COUNTED_TO_3)
  })
})

describe('sessions', () => {
  it('gives a session id when stateful, none when stateless', async () => {
    expect((await start('stateful')).sessionId).toMatch(/^[\x21-\x7e]+$/)
    await stop()
    expect((await start('stateless')).sessionId).toBeUndefined()
  })

  it('answers 404 for an unknown session id, so that clients initialize again', async () => {
    await start('stateful')
    const response = await fetch(server!.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
        'mcp-session-id': 'no-such-session',
      },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
    })
    expect(response.status).toBe(404)
    expect(await response.json()).toMatchObject({ error: { code: -32001 } })
  })

  it('answers GET with 405 when stateless', async () => {
    await start('stateless')
    const response = await fetch(server!.url, { headers: { accept: 'text/event-stream' } })
    expect(response.status).toBe(405)
    expect(response.headers.get('allow')).toBe('POST')
  })
})
