import { LifecycleError, WaitSlots, type ServerPods } from '@mcp-lifecycle/core'
import { MemoryBackend, seededService } from '@mcp-lifecycle/core/testing'
import type { Client } from '@modelcontextprotocol/sdk/client/index.js'
import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js'
import type { CallToolResult, Progress } from '@modelcontextprotocol/sdk/types.js'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { READER_AND_MAPS_WRITER, tokenAuthenticator } from './token-authenticator.ts'
import { connectClient, startMcpTestServer } from './mcp-test-server.ts'
import { TEST_LIMITS, useMcpTestServer } from './use-mcp-test-server.ts'

// The SDK's own client over real HTTP on 127.0.0.1, against the memory backend.
const TOOL_NAMES = ['list_mcp_servers', 'get_mcp_status', 'start_mcp', 'stop_mcp', 'scale_mcp']
const STATUS_KEYS = [
  'name',
  'status',
  'replicas',
  'ready_replicas',
  'available_replicas',
  'updated_replicas',
  'endpoints',
  'last_activity',
  'conditions',
]

const scene = useMcpTestServer([
  { name: 'weather', replicas: 0 },
  { name: 'stuck', replicas: 0, neverReady: true },
  { name: 'plain', replicas: 1, mcp: false },
])
let client: Client

beforeEach(async () => {
  client = await connectClient(scene.http.url)
})

// Registered after the scene's: runs before its server closes (vitest runs these as a stack).
afterEach(() => client.close())

const call = (name: string, args?: Record<string, unknown>) =>
  client.callTool({ name, arguments: args }) as Promise<CallToolResult>

const textOf = (result: CallToolResult) =>
  result.content.map((c) => (c.type === 'text' ? c.text : '')).join('\n')

describe('initialize and tools/list', () => {
  it('initializes statelessly and announces the tools capability', () => {
    expect(client.getServerVersion()).toMatchObject({ name: 'mcp-lifecycle' })
    expect(client.getServerCapabilities()).toMatchObject({ tools: {} })
    expect(client.getInstructions()).toContain('start_mcp')
  })

  it('lists the five tools with descriptions', async () => {
    const { tools } = await client.listTools()
    expect(tools.map((t) => t.name).sort()).toEqual([...TOOL_NAMES].sort())
    for (const tool of tools) expect(tool.description?.length).toBeGreaterThan(80)
  })

  it.each([
    ['list_mcp_servers', [], ['namespace']],
    ['get_mcp_status', ['name'], ['name', 'namespace']],
    ['start_mcp', ['name'], ['name', 'namespace', 'wait_ready', 'timeout']],
    ['stop_mcp', ['name'], ['name', 'namespace', 'force']],
    ['scale_mcp', ['name', 'replicas'], ['name', 'namespace', 'replicas', 'wait_ready', 'timeout']],
  ])('%s takes exactly its arguments, requiring %j', async (name, required, properties) => {
    const tool = (await client.listTools()).tools.find((t) => t.name === name)!
    expect(tool.inputSchema.type).toBe('object')
    expect(tool.inputSchema.required ?? []).toEqual(required)
    expect(Object.keys(tool.inputSchema.properties ?? {})).toEqual(properties)
    expect(tool.inputSchema.additionalProperties).toBe(false)
  })

  it('derives argument types and bounds from the core schemas and the configured limits', async () => {
    const { tools } = await client.listTools()
    const props = (name: string) =>
      tools.find((t) => t.name === name)!.inputSchema.properties as Record<
        string,
        Record<string, unknown>
      >
    expect(props('scale_mcp').replicas).toMatchObject({ type: 'integer', minimum: 0, maximum: 5 })
    expect(props('scale_mcp').wait_ready).toMatchObject({ type: 'boolean', default: false })
    expect(props('start_mcp').wait_ready).toMatchObject({ type: 'boolean', default: true })
    expect(props('start_mcp').timeout).toMatchObject({
      type: 'integer',
      minimum: 1,
      maximum: 120,
      default: 120,
    })
    expect(props('stop_mcp').force).toMatchObject({ type: 'boolean', default: false })
    expect(props('get_mcp_status').name).toMatchObject({
      type: 'string',
      maxLength: 63,
      pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$',
    })
    for (const prop of Object.values(props('scale_mcp'))) expect(prop.description).toBeTruthy()
  })

  it.each([
    ['list_mcp_servers', true, false],
    ['get_mcp_status', true, false],
    ['start_mcp', false, false],
    ['stop_mcp', false, true],
    ['scale_mcp', false, true],
  ])(
    '%s is annotated readOnly=%s destructive=%s, idempotent',
    async (name, readOnly, destructive) => {
      const tool = (await client.listTools()).tools.find((t) => t.name === name)!
      expect(tool.annotations).toMatchObject({
        readOnlyHint: readOnly,
        destructiveHint: destructive,
        idempotentHint: true,
        openWorldHint: false,
      })
      expect(tool.title).toBeTruthy()
    }
  )

  it('declares object output schemas: servers for the list, the status keys for the others', async () => {
    const { tools } = await client.listTools()
    const list = tools.find((t) => t.name === 'list_mcp_servers')!
    expect(list.outputSchema).toMatchObject({ type: 'object', required: ['servers'] })
    for (const name of TOOL_NAMES.slice(1)) {
      const tool = tools.find((t) => t.name === name)!
      expect(tool.outputSchema?.required?.slice().sort()).toEqual([...STATUS_KEYS].sort())
    }
  })
})

describe('tools/call', () => {
  it('list_mcp_servers answers {servers} as structured content and the same JSON as text', async () => {
    const result = await call('list_mcp_servers')
    expect(result.isError).toBeFalsy()
    expect(result.structuredContent).toEqual({
      servers: [
        { name: 'stuck', status: 'stopped', replicas: 0, ready_replicas: 0, endpoints: [] },
        { name: 'weather', status: 'stopped', replicas: 0, ready_replicas: 0, endpoints: [] },
      ],
    })
    expect(JSON.parse(textOf(result))).toEqual(result.structuredContent)
  })

  it('get_mcp_status answers the status keys', async () => {
    const result = await call('get_mcp_status', { name: 'weather' })
    expect(Object.keys(result.structuredContent ?? {}).sort()).toEqual([...STATUS_KEYS].sort())
    expect(result.structuredContent).toMatchObject({
      name: 'weather',
      status: 'stopped',
      replicas: 0,
    })
  })

  it('reports endpoints and last activity, which the client checks against the outputSchema', async () => {
    scene.backend.add({
      name: 'maps',
      replicas: 1,
      annotations: { 'mcp-lifecycle/last-activity': '2026-11-24T12:30:00Z' },
    })
    scene.backend.services.push(
      seededService({
        name: 'maps',
        clusterIPs: ['10.96.0.10', 'fd00::10'],
        ports: [{ name: 'https', port: 8443 }],
      })
    )
    const result = await call('get_mcp_status', { name: 'maps' })
    expect(result.isError).toBeFalsy()
    expect(result.structuredContent).toMatchObject({
      endpoints: ['https://10.96.0.10:8443', 'https://[fd00::10]:8443'],
      last_activity: '2026-11-24T12:30:00.000Z',
    })
  })

  it('runs a start, scale, stop cycle', async () => {
    const started = await call('start_mcp', { name: 'weather' })
    expect(started.structuredContent).toMatchObject({
      status: 'running',
      replicas: 1,
      ready_replicas: 1,
    })
    const scaled = await call('scale_mcp', { name: 'weather', replicas: 3, wait_ready: true })
    expect(scaled.structuredContent).toMatchObject({
      status: 'running',
      replicas: 3,
      ready_replicas: 3,
    })
    const stopped = await call('stop_mcp', { name: 'weather', force: true })
    expect(stopped.structuredContent).toMatchObject({ status: 'stopped', replicas: 0 })
    expect(JSON.parse(textOf(stopped))).toEqual(stopped.structuredContent)
    expect(scene.backend.peek('weather')?.desiredReplicas).toBe(0)
  })

  it('start_mcp with wait_ready false answers before the pod is ready', async () => {
    const result = await call('start_mcp', { name: 'weather', wait_ready: false })
    expect(result.structuredContent).toMatchObject({ replicas: 1, ready_replicas: 0 })
  })

  it.each([
    [
      'a string replicas',
      'scale_mcp',
      { name: 'weather', replicas: '2' },
      'replicas: must be a number',
    ],
    [
      'a fractional replicas',
      'scale_mcp',
      { name: 'weather', replicas: 1.5 },
      'replicas: must be a whole number',
    ],
    [
      'replicas over the limit',
      'scale_mcp',
      { name: 'weather', replicas: 6 },
      'replicas: must be at most 5',
    ],
    ['a missing replicas', 'scale_mcp', { name: 'weather' }, 'replicas: is required'],
    ['a path as name', 'get_mcp_status', { name: '../x' }, 'name: must be a DNS-1123 label'],
    ['an upper-case name', 'start_mcp', { name: 'Weather' }, 'name: must be a DNS-1123 label'],
    ['a missing name', 'stop_mcp', {}, 'name: is required'],
    [
      'a timeout over the cap',
      'start_mcp',
      { name: 'weather', timeout: 121 },
      'timeout: must be at most 120',
    ],
    [
      'a non-boolean force',
      'stop_mcp',
      { name: 'weather', force: 'yes' },
      'force: must be true or false',
    ],
    [
      'an unknown argument',
      'scale_mcp',
      { name: 'weather', replica: 2 },
      'replica: unknown argument',
    ],
    [
      'any argument to list',
      'list_mcp_servers',
      { all: true },
      'all: unknown argument; the arguments are namespace',
    ],
  ])(
    'answers a tool error for %s, naming the argument, and changes nothing',
    async (_case, tool, args, text) => {
      const result = await call(tool, args)
      expect(result.isError).toBe(true)
      expect(textOf(result)).toContain(`Invalid arguments for ${tool}: ${text}`)
      expect(result.structuredContent).toBeUndefined()
      expect(scene.backend.calls.scale).toBe(0)
    }
  )

  it('answers an unknown tool name with a protocol error listing the tools', async () => {
    const error = await call('delete_everything').catch((e: unknown) => e)
    expect(error).toBeInstanceOf(McpError)
    expect((error as McpError).code).toBe(ErrorCode.InvalidParams)
    // The client adds "MCP error -32602: " itself; it must appear once, not twice.
    expect((error as McpError).message).toBe(
      "MCP error -32602: Unknown tool 'delete_everything'. The tools are list_mcp_servers, get_mcp_status, start_mcp, stop_mcp, scale_mcp."
    )
  })

  it.each(['constructor', '__proto__', 'toString', 'hasOwnProperty'])(
    'answers a tool named %s as unknown, whatever a plain object inherits',
    async (name) => {
      const error = await call(name, { name: 'weather' }).catch((e: unknown) => e)
      expect((error as McpError).code).toBe(ErrorCode.InvalidParams)
      expect((error as McpError).message).toContain(`Unknown tool '${name}'`)
      expect(scene.backend.calls).toMatchObject({ list: 0, get: 0, scale: 0 })
    }
  )

  it.each([
    ['get_mcp_status', { name: 'nope' }],
    ['start_mcp', { name: 'nope' }],
    ['stop_mcp', { name: 'plain', force: true }],
    ['scale_mcp', { name: 'plain', replicas: 3 }],
  ])(
    '%s on an unknown or non-MCP server is a tool error pointing to list_mcp_servers',
    async (tool, args) => {
      const result = await call(tool, args)
      expect(result.isError).toBe(true)
      expect(textOf(result)).toBe(
        `No MCP server named '${args.name}'. Call list_mcp_servers to see the names.`
      )
      expect(scene.backend.peek('plain')?.desiredReplicas).toBe(1)
    }
  )

  it('answers a timeout as a tool error carrying the last seen status', async () => {
    const result = await call('start_mcp', { name: 'stuck', timeout: 1 })
    expect(result.isError).toBe(true)
    expect(result.structuredContent).toMatchObject({
      name: 'stuck',
      status: 'pending',
      replicas: 1,
      ready_replicas: 0,
    })
    const text = textOf(result)
    expect(text).toContain(
      "'stuck' did not get 1 ready replica(s) within 1s (last seen: pending, 0/1 ready)"
    )
    expect(text).toContain('It keeps starting in the background')
    expect(text).toContain("call get_mcp_status with name 'stuck' to follow it")
    expect(text).toContain('call start_mcp again with a longer timeout')
  })
})

describe('a call refused by the manager itself, not by Kubernetes', () => {
  const authenticator = tokenAuthenticator(READER_AND_MAPS_WRITER)

  async function callAs(token: string | undefined, deps: object, args: Record<string, unknown>) {
    const other = await startMcpTestServer({ backend: scene.backend, limits: TEST_LIMITS, ...deps })
    const otherClient = await connectClient(other.url, token)
    try {
      return (await otherClient.callTool({ name: 'start_mcp', arguments: args })) as CallToolResult
    } finally {
      await otherClient.close()
      await other.close()
    }
  }

  it.each([
    ['a read-only token', 'read-token', "'dashboard' may only read; this needs the write scope."],
    ['a token for other servers', 'maps-token', "'maps-agent' may not act on server 'weather'."],
  ])('start_mcp with %s points at the credential, not the Role', async (_case, token, detail) => {
    const result = await callAs(token, { authenticator }, { name: 'weather' })
    expect(result.isError).toBe(true)
    expect(textOf(result)).toContain(detail)
    expect(textOf(result)).toContain('Your credential does not allow this call')
    expect(textOf(result)).not.toContain('Role')
    expect(scene.backend.calls.scale).toBe(0)
  })

  it('start_mcp with every wait slot taken advises retrying or not waiting, not the cluster', async () => {
    const result = await callAs(undefined, { waitSlots: new WaitSlots(0) }, { name: 'weather' })
    expect(result.isError).toBe(true)
    expect(textOf(result)).toContain('Already 0 waits in progress')
    expect(textOf(result)).toContain('call start_mcp with wait_ready false')
    expect(textOf(result)).not.toContain('cluster')
  })
})

describe('progress', () => {
  it('sends ready out of desired while start_mcp waits, when the client asks', async () => {
    const updates: Progress[] = []
    const result = await client.callTool(
      { name: 'start_mcp', arguments: { name: 'weather' } },
      undefined,
      {
        onprogress: (p) => updates.push(p),
      }
    )
    expect(result.structuredContent).toMatchObject({ status: 'running' })
    expect(updates.at(-1)).toEqual({ progress: 1, total: 1, message: '1/1 replicas ready' })
    expect(updates.map((u) => u.progress)).toEqual(
      [...new Set(updates.map((u) => u.progress))].sort()
    )
  })

  it('counts up while scale_mcp waits for more replicas', async () => {
    await call('start_mcp', { name: 'weather' })
    const updates: Progress[] = []
    await client.callTool(
      { name: 'scale_mcp', arguments: { name: 'weather', replicas: 4, wait_ready: true } },
      undefined,
      {
        onprogress: (p) => updates.push(p),
      }
    )
    expect(updates[0]).toMatchObject({ progress: 1, total: 4 })
    expect(updates.at(-1)).toMatchObject({ progress: 4, total: 4 })
  })
})

// The transport itself, below the SDK's client.
const post = (body: unknown, headers: Record<string, string> = {}) =>
  fetch(scene.http.url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      ...headers,
    },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  })

const listTools = (meta?: object) => ({
  jsonrpc: '2.0',
  id: 1,
  method: 'tools/list',
  params: meta ? { _meta: meta } : {},
})

describe('POST /mcp', () => {
  it('answers a 2025-11-25 request with plain JSON without a session id, and SSE when progress is asked for', async () => {
    const json = await post(listTools())
    expect(json.status).toBe(200)
    expect(json.headers.get('content-type')).toContain('application/json')
    expect(json.headers.get('mcp-session-id')).toBeNull()
    const sse = await post(listTools({ progressToken: 7 }))
    expect(sse.headers.get('content-type')).toContain('text/event-stream')
    expect(await sse.text()).toContain('"tools"')
  })

  it.each([
    ['a foreign origin', 'https://evil.example', 403],
    ['a look-alike of localhost', 'http://localhost.evil.example', 403],
    ['an opaque origin', 'null', 403],
    ['a loopback origin', 'http://localhost:6274', 200],
    ['a loopback IP origin', 'http://127.0.0.1:3000', 200],
  ])('answers %s with %i', async (_case, origin, status) => {
    const res = await post(listTools(), { origin })
    expect(res.status).toBe(status)
    if (status === 403)
      expect(await res.json()).toMatchObject({ jsonrpc: '2.0', error: { code: -32000 } })
  })

  it('accepts the origins it is configured with', async () => {
    const other = await startMcpTestServer({
      backend: scene.backend,
      limits: TEST_LIMITS,
      allowedOrigins: ['https://console.example'],
    })
    try {
      const ok = await fetch(other.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/json, text/event-stream',
          origin: 'https://console.example',
        },
        body: JSON.stringify(listTools()),
      })
      expect(ok.status).toBe(200)
    } finally {
      await other.close()
    }
  })

  it('answers GET and DELETE with 405, as a server without SSE stream or sessions', async () => {
    for (const method of ['GET', 'DELETE']) {
      const res = await fetch(scene.http.url, { method, headers: { accept: 'text/event-stream' } })
      expect(res.status).toBe(405)
      expect(res.headers.get('allow')).toBe('POST')
    }
  })

  it('answers malformed JSON with a JSON-RPC parse error', async () => {
    const res = await post('{"jsonrpc":')
    expect(res.status).toBe(400)
    expect(await res.json()).toMatchObject({ error: { code: -32700 } })
  })

  it('answers an oversized body with 413', async () => {
    const res = await post({ ...listTools(), padding: 'x'.repeat(2 * 1024 * 1024) })
    expect(res.status).toBe(413)
  })

  it('ends the waits in progress with a tool error to retry when the server shuts down', async () => {
    const shutdown = new AbortController()
    const other = await startMcpTestServer({
      backend: scene.backend,
      limits: TEST_LIMITS,
      shutdownSignal: shutdown.signal,
    })
    const otherClient = await connectClient(other.url)
    try {
      const waiting = otherClient.callTool(
        { name: 'start_mcp', arguments: { name: 'stuck', timeout: 100 } },
        undefined,
        {
          onprogress: () =>
            shutdown.abort(
              new LifecycleError('unavailable', 'The server is shutting down; retry the request.')
            ),
        }
      )
      const result = (await waiting) as CallToolResult
      expect(result.isError).toBe(true)
      expect(textOf(result)).toContain('shutting down; retry the request')
    } finally {
      await otherClient.close()
      await other.close()
    }
  })

  it('stops waiting when the client closes the stream (its cancellation)', async () => {
    const watching = new WatchCountingBackend([{ name: 'stuck', replicas: 0, neverReady: true }])
    const other = await startMcpTestServer({ backend: watching, limits: TEST_LIMITS })
    try {
      const abort = new AbortController()
      const call = {
        jsonrpc: '2.0',
        id: 2,
        method: 'tools/call',
        params: {
          name: 'start_mcp',
          arguments: { name: 'stuck', timeout: 100 },
          _meta: { progressToken: 'p' },
        },
      }
      const res = await fetch(other.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/json, text/event-stream',
        },
        body: JSON.stringify(call),
        signal: abort.signal,
      })
      const reader = res.body!.getReader()
      await reader.read() // the first progress notification: the wait is under way
      expect(watching.open).toBe(1)
      abort.abort()
      await expect.poll(() => watching.open).toBe(0)
    } finally {
      await other.close()
    }
  })
})

/** The memory backend, counting the watches still open. */
class WatchCountingBackend extends MemoryBackend {
  open = 0
  override async *watchServer(name: string, signal: AbortSignal) {
    this.open++
    try {
      yield* super.watchServer(name, signal)
    } finally {
      this.open--
    }
  }
}

describe('start_mcp with the servers pods', () => {
  it('fails fast with the reason a pod cannot start, as POST /start does', async () => {
    // Pods stuck pulling their image: the wait ends at once with the kubelet's reason.
    const pods: ServerPods = {
      async *watchPods() {
        yield [
          {
            name: 'stuck-1',
            uid: 'u1',
            ready: false,
            terminating: false,
            ports: [],
            waiting: [{ container: 'mcp', reason: 'ImagePullBackOff', message: 'Back-off' }],
            conditions: [],
          },
        ]
        await new Promise(() => {})
      },
    }
    const withPods = await startMcpTestServer({ backend: scene.backend, limits: TEST_LIMITS, pods })
    const podsClient = await connectClient(withPods.url)
    try {
      const result = (await podsClient.callTool({
        name: 'start_mcp',
        arguments: { name: 'stuck', timeout: 60 },
      })) as CallToolResult
      expect(result.isError).toBe(true)
      expect(textOf(result)).toContain('ImagePullBackOff')
    } finally {
      await podsClient.close()
      await withPods.close()
    }
  })
})
