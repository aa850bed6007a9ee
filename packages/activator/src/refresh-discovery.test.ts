import type { DeploymentSnapshot, KeptAnswer } from '@mcp-lifecycle/core'
import { MemoryDiscoveryStore, seededDeployment } from '@mcp-lifecycle/core/testing'
import { createServer, type IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Agent } from 'undici'
import { afterEach, describe, expect, it } from 'vitest'
import type { Mode } from '../../../apps/example-mcp-server/src/options.ts'
import { startExampleServer } from '../../../apps/example-mcp-server/src/start-example-server.ts'
import { DiscoveryKeeper } from './discovery-keeper.ts'
import { refreshDiscovery } from './refresh-discovery.ts'

const cleanup: (() => Promise<unknown> | void)[] = []
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step()
})

const deployment = (annotations: Record<string, string> = {}): DeploymentSnapshot => ({
  ...seededDeployment({ name: 's', replicas: 1, annotations }),
  templateHash: 't1',
})

async function example(mode: Mode) {
  const server = await startExampleServer({
    host: '127.0.0.1',
    port: 0,
    mode,
    pod: 's-1',
    exitWithStdin: false,
  })
  cleanup.push(() => server.close())
  return new URL(server.url)
}

/** Refreshes the server at `url` into a fresh store; what was kept, once written. */
async function refresh(url: URL, annotations: Record<string, string> = {}) {
  const store = new MemoryDiscoveryStore()
  const errors: unknown[] = []
  const keeper = new DiscoveryKeeper({ store, onError: (_, e) => void errors.push(e) })
  const dispatcher = new Agent()
  cleanup.push(() => dispatcher.close())
  const rpc = {
    dispatcher,
    target: { origin: url.origin, path: url.pathname },
    signal: AbortSignal.timeout(10_000),
    maxAnswerBytes: 256 * 1024,
  }
  const handed = await refreshDiscovery({
    keeper,
    name: 's',
    deployment: deployment(annotations),
    rpc,
  })
  await expect.poll(async () => (await store.read('s'))?.answers.length ?? 0).toBe(handed)
  expect(errors).toEqual([])
  return { handed, answers: (await store.read('s'))?.answers ?? [] }
}

const methods = (answers: KeptAnswer[]) => answers.map((a) => `${a.revision} ${a.method}`).sort()

describe('refreshDiscovery', () => {
  it('asks a 2026-07-28 server for server/discover and every list it announces, and keeps the public answers', async () => {
    const { answers } = await refresh(await example('both'))
    expect(methods(answers)).toEqual([
      '2026-07-28 prompts/list',
      '2026-07-28 resources/list',
      '2026-07-28 resources/templates/list',
      '2026-07-28 server/discover',
      '2026-07-28 tools/list',
    ])
    expect(answers.every((a) => a.scope === 'public' && a.principal === undefined)).toBe(true)
    const tools = answers.find((a) => a.method === 'tools/list')!.result.tools as { name: string }[]
    expect(tools.map((t) => t.name)).toContain('echo')
  })

  it('asks a 2025-11-25 server only when it opts in: initialize, the lists, then ends the session', async () => {
    const url = await example('stateful')
    expect((await refresh(url)).handed).toBe(0)
    const { answers } = await refresh(url, { 'mcp-lifecycle/discovery': 'cached' })
    expect(methods(answers)).toEqual([
      '2025-11-25 initialize',
      '2025-11-25 prompts/list',
      '2025-11-25 resources/list',
      '2025-11-25 resources/templates/list',
      '2025-11-25 tools/list',
    ])
  })

  it('asks nothing of a server annotated discovery: off', async () => {
    const seen: string[] = []
    const url = await recordingServer(seen, () => ({ status: 200, body: '{}' }))
    expect((await refresh(url, { 'mcp-lifecycle/discovery': 'off' })).handed).toBe(0)
    expect(seen).toEqual([])
  })

  it('keeps neither private answers nor hint-less ones without the opt-in, and stops there', async () => {
    const seen: string[] = []
    const discover = (scope?: string) => ({
      status: 200,
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 0,
        result: { capabilities: { tools: {} }, ...(scope && { cacheScope: scope }) },
      }),
    })
    for (const scope of ['private', undefined]) {
      seen.length = 0
      const url = await recordingServer(seen, discover(scope))
      expect((await refresh(url)).handed).toBe(0)
      // server/discover only: no list asked, no 2025 initialize without the opt-in.
      expect(seen).toEqual(['server/discover'])
    }
  })

  it('deletes the 2025 session it opened, and reads no answer past the size bound', async () => {
    const seen: string[] = []
    const big = 'x'.repeat(300 * 1024)
    const url = await recordingServer(seen, (method) =>
      method === 'initialize'
        ? {
            status: 200,
            session: 'abc',
            body: rpc({ protocolVersion: '2025-11-25', capabilities: { tools: {} } }),
          }
        : method === 'tools/list'
          ? { status: 200, body: rpc({ tools: [], padding: big }) }
          : { status: method === 'DELETE' ? 204 : 202, body: '' }
    )
    const { answers } = await refresh(url, { 'mcp-lifecycle/discovery': 'cached' })
    expect(methods(answers)).toEqual(['2025-11-25 initialize'])
    expect(seen).toEqual([
      'server/discover',
      'initialize',
      'notifications/initialized',
      'tools/list',
      'DELETE abc',
    ])
  })
})

/** A JSON-RPC result for whatever id was asked (the test server echoes ids). */
const rpc = (result: object) => JSON.stringify({ jsonrpc: '2.0', id: '$ID', result })

type Reply = { status: number; body: string; session?: string }

/** A plain HTTP server that records each request's method (and a DELETE's session). */
async function recordingServer(
  seen: string[],
  reply: Reply | ((method: string) => Reply)
): Promise<URL> {
  const server = createServer(async (req: IncomingMessage, res) => {
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    let method = `${req.method} ${req.headers['mcp-session-id'] ?? ''}`
    let id: unknown = null
    if (req.method === 'POST') {
      const message = JSON.parse(Buffer.concat(chunks).toString()) as {
        method: string
        id?: unknown
      }
      method = message.method
      id = message.id ?? null
    }
    seen.push(method)
    const r = typeof reply === 'function' ? reply(method) : reply
    res.writeHead(r.status, {
      'content-type': 'application/json',
      ...(r.session && { 'mcp-session-id': r.session }),
    })
    res.end(
      r.body.replace('"$ID"', JSON.stringify(id)).replace('"id":0', `"id":${JSON.stringify(id)}`)
    )
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  cleanup.push(() => new Promise((resolve) => server.close(resolve)))
  return new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/mcp`)
}
