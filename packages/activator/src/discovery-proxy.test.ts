import { DiscoverySummaries, type DeploymentSnapshot } from '@mcp-lifecycle/core'
import { MemoryDiscoveryStore, seededDeployment } from '@mcp-lifecycle/core/testing'
import { Hono } from 'hono'
import { describe, expect, it } from 'vitest'
import { DiscoveryKeeper } from './discovery-keeper.ts'
import { answerAsleep, discoveryTap } from './discovery-proxy.ts'
import { proxyCallOf } from './mcp-route.ts'
import { responseOf } from './pod-answer.ts'
import { tapBody } from './tap-body.ts'
import { mcpPost } from './testing/index.ts'

const META = {
  'io.modelcontextprotocol/protocolVersion': '2026-07-28',
  'io.modelcontextprotocol/clientCapabilities': {},
}
const listTools = (params: object = {}) => ({
  jsonrpc: '2.0',
  id: 7,
  method: 'tools/list',
  params: { _meta: META, ...params },
})
const MODERN = { 'mcp-protocol-version': '2026-07-28', 'mcp-method': 'tools/list' }
const TOOLS = { tools: [{ name: 'echo', inputSchema: { type: 'object' } }] }
const deployment = (over: Partial<DeploymentSnapshot> = {}): DeploymentSnapshot => ({
  ...seededDeployment({ name: 's', replicas: 1 }),
  templateHash: 't1',
  ...over,
})

function setup() {
  const store = new MemoryDiscoveryStore()
  const errors: unknown[] = []
  const keeper = new DiscoveryKeeper({ store, onError: (_, e) => void errors.push(e) })
  return { store, keeper, errors }
}

/** Relays `body` as the pod's answer to `request` through the tap, and reads it as a client. */
async function relay(
  keeper: DiscoveryKeeper,
  request: object,
  answer: { body: string; type?: string; status?: number },
  over: { principal?: string; deployment?: DeploymentSnapshot; headers?: object } = {}
) {
  const init = mcpPost(request, { ...MODERN, ...over.headers })
  const podAnswer = {
    status: answer.status ?? 200,
    headers: new Headers({ 'content-type': answer.type ?? 'application/json' }),
    body: new TextEncoder().encode(answer.body),
  }
  const relayed = {
    name: 's',
    deployment: over.deployment ?? deployment(),
    body: new TextEncoder().encode(init.body),
    headers: new Headers(init.headers),
    principal: over.principal ?? 'alice',
  }
  const tap = discoveryTap(keeper, relayed, podAnswer)
  const response = responseOf(podAnswer)
  const text = await (tap ? tapBody(response, tap) : response).text()
  expect(text).toBe(answer.body)
  await new Promise((resolve) => setTimeout(resolve, 10))
}

const json = (result: object, id = 7) => JSON.stringify({ jsonrpc: '2.0', id, result })
const sse = (...messages: object[]) =>
  messages.map((m) => `event: message\ndata: ${JSON.stringify(m)}\n\n`).join('')

describe('discoveryTap', () => {
  it('keeps a complete JSON answer with its hints, and an SSE one', async () => {
    const { store, keeper } = setup()
    await relay(keeper, listTools(), { body: json({ ...TOOLS, cacheScope: 'public', ttlMs: 5 }) })
    const legacy = { jsonrpc: '2.0', id: 3, method: 'prompts/list', params: {} }
    await relay(
      keeper,
      legacy,
      { body: sse({ jsonrpc: '2.0', id: 3, result: { prompts: [] } }), type: 'text/event-stream' },
      { headers: { 'mcp-protocol-version': '2025-11-25', 'mcp-method': 'prompts/list' } }
    )
    const kept = await store.read('s')
    expect(kept?.template).toBe('t1')
    expect(kept?.answers).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ method: 'tools/list', scope: 'public', ttlMs: 5, cursor: '' }),
        expect.objectContaining({ method: 'prompts/list', revision: '2025-11-25' }),
      ])
    )
    expect(kept?.answers.find((a) => a.method === 'tools/list')).not.toHaveProperty('principal')
  })

  it.each<[string, object, { body: string; status?: number }, object]>([
    [
      'an error answer',
      listTools(),
      { body: JSON.stringify({ jsonrpc: '2.0', id: 7, error: { code: 1, message: 'x' } }) },
      {},
    ],
    ['an answer to another id', listTools(), { body: json(TOOLS, 8) }, {}],
    ['a non-2xx answer', listTools(), { body: json(TOOLS), status: 500 }, {}],
    [
      'an answer past the bound',
      listTools(),
      { body: json({ tools: [], pad: 'x'.repeat(300_000) }) },
      {},
    ],
    ['a multi-round-trip retry', listTools({ requestState: 'abc' }), { body: json(TOOLS) }, {}],
    ['a tools/call', { ...listTools(), method: 'tools/call' }, { body: json(TOOLS) }, {}],
    [
      'an answer during a rollout',
      listTools(),
      { body: json(TOOLS) },
      { deployment: deployment({ updatedReplicas: 0 }) },
    ],
  ])('keeps nothing of %s', async (_, request, answer, over) => {
    const { store, keeper } = setup()
    await relay(keeper, request, answer, over)
    expect(await store.read('s')).toBeUndefined()
  })

  it('keeps a private answer for the caller it went to', async () => {
    const { store, keeper } = setup()
    await relay(
      keeper,
      listTools(),
      { body: json({ ...TOOLS, cacheScope: 'private', ttlMs: 60_000 }) },
      { principal: 'bob' }
    )
    expect((await store.read('s'))?.answers).toMatchObject([{ scope: 'private', principal: 'bob' }])
  })

  it('drops the kept list when the server says it changed', async () => {
    const { store, keeper } = setup()
    await relay(keeper, listTools(), { body: json({ ...TOOLS, cacheScope: 'public' }) })
    const prompts = { ...listTools(), method: 'prompts/list' }
    await relay(
      keeper,
      prompts,
      { body: json({ prompts: [], cacheScope: 'public' }) },
      { headers: { 'mcp-method': 'prompts/list' } }
    )
    const changed = { jsonrpc: '2.0', method: 'notifications/tools/list_changed' }
    await relay(
      keeper,
      { jsonrpc: '2.0', id: 9, method: 'tools/call', params: {} },
      { body: sse(changed), type: 'text/event-stream' }
    )
    expect((await store.read('s'))?.answers.map((a) => a.method)).toEqual(['prompts/list'])
  })

  it("tells the servers' views what it kept, dropped and read back", async () => {
    const summaries = new DiscoverySummaries()
    const store = new MemoryDiscoveryStore()
    const keeper = new DiscoveryKeeper({ store, onError: () => {}, summaries })
    const asleep = deployment({ readyReplicas: 0 })
    await relay(keeper, listTools(), { body: json({ ...TOOLS, cacheScope: 'public' }) })
    expect(summaries.view(asleep)).toMatchObject({ kept: true, revisions: ['2026-07-28'] })
    const changed = { jsonrpc: '2.0', method: 'notifications/tools/list_changed' }
    await relay(
      keeper,
      { jsonrpc: '2.0', id: 9, method: 'tools/call', params: {} },
      { body: sse(changed), type: 'text/event-stream' }
    )
    expect(summaries.view(asleep)).toBeUndefined()
    // Another replica kept an answer: shown once this one reads the server's answers.
    const other = { revision: '2025-11-25', method: 'tools/list' as const, cursor: '', result: {} }
    await store.keep('s', 't1', { ...other, takenAt: 5_000, scope: 'public' })
    const request = { id: 1, ...other, modern: false, params: {} }
    await keeper.answer('s', asleep, request, 'alice')
    expect(summaries.view(asleep)).toEqual({
      kept: true,
      taken_at: new Date(5_000).toISOString(),
      revisions: ['2025-11-25'],
    })
  })
})

describe('answerAsleep', () => {
  async function ask(
    keeper: DiscoveryKeeper,
    request: object,
    over: {
      headers?: Record<string, string>
      principal?: string
      deployment?: DeploymentSnapshot
    } = {}
  ) {
    const app = new Hono().post('/mcp', async (c) => {
      const d = over.deployment ?? deployment({ desiredReplicas: 0, readyReplicas: 0 })
      return (
        (await answerAsleep(keeper, proxyCallOf(c), 's', over.principal ?? 'alice', d)) ??
        c.text('woke', 418)
      )
    })
    const init = mcpPost(request, { ...MODERN, ...over.headers })
    // As a client over the network sends it (a request without one is never read ahead).
    const length = String(new TextEncoder().encode(init.body).length)
    return app.request('/mcp', { ...init, headers: { ...init.headers, 'content-length': length } })
  }

  it("answers a kept public list to any caller, with the server's own result", async () => {
    const { keeper } = setup()
    await relay(keeper, listTools(), { body: json({ ...TOOLS, cacheScope: 'public', ttlMs: 5 }) })
    const response = await ask(keeper, { ...listTools(), id: 'x' }, { principal: 'bob' })
    expect(await response.json()).toEqual({
      jsonrpc: '2.0',
      id: 'x',
      result: { ...TOOLS, cacheScope: 'public', ttlMs: 5 },
    })
  })

  it('answers a server being stopped whose status still counts a Ready pod', async () => {
    const { keeper } = setup()
    await relay(keeper, listTools(), { body: json({ ...TOOLS, cacheScope: 'public' }) })
    const stopping = deployment({ desiredReplicas: 0, readyReplicas: 1 })
    expect((await ask(keeper, listTools(), { deployment: stopping })).status).toBe(200)
  })

  it('answers a private list only to its caller', async () => {
    const { keeper } = setup()
    await relay(keeper, listTools(), {
      body: json({ ...TOOLS, cacheScope: 'private', ttlMs: 60_000 }),
    })
    expect((await ask(keeper, listTools(), { principal: 'bob' })).status).toBe(418)
    expect((await ask(keeper, listTools(), { principal: 'alice' })).status).toBe(200)
  })

  it('stops answering a list once the server said it changed', async () => {
    const { keeper } = setup()
    await relay(keeper, listTools(), { body: json({ ...TOOLS, cacheScope: 'public' }) })
    expect((await ask(keeper, listTools())).status).toBe(200)
    const changed = { jsonrpc: '2.0', method: 'notifications/tools/list_changed' }
    const call = { jsonrpc: '2.0', id: 9, method: 'tools/call', params: {} }
    await relay(keeper, call, { body: sse(changed), type: 'text/event-stream' })
    expect((await ask(keeper, listTools())).status).toBe(418)
  })

  it.each<[string, object, Parameters<typeof ask>[2]]>([
    ['a server with a Ready pod', listTools(), { deployment: deployment() }],
    [
      'headers that disagree with the body',
      listTools(),
      { headers: { 'mcp-method': 'tools/call' } },
    ],
    ['another page', listTools({ cursor: 'p2' }), {}],
    [
      'a 2025 request',
      { jsonrpc: '2.0', id: 7, method: 'tools/list', params: {} },
      { headers: { 'mcp-protocol-version': '2025-11-25' } },
    ],
    [
      'a new pod template',
      listTools(),
      { deployment: deployment({ desiredReplicas: 0, readyReplicas: 0, templateHash: 't2' }) },
    ],
  ])('goes on to the server for %s', async (_, request, over) => {
    const { keeper } = setup()
    await relay(keeper, listTools(), { body: json({ ...TOOLS, cacheScope: 'public' }) })
    await relay(
      keeper,
      { jsonrpc: '2.0', id: 7, method: 'tools/list', params: {} },
      { body: json(TOOLS) },
      { headers: { 'mcp-protocol-version': '2025-11-25' } }
    )
    expect((await ask(keeper, request, over)).status).toBe(418)
  })
})
