import { MemoryBackend } from '@mcp-lifecycle/core/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  EXPECTED_REVISION,
  serverPerClientMode,
  withTestClient,
  type ProgressUpdate,
} from './mcp-clients.ts'
import { startMcpTestServer, type McpTestServer } from './mcp-test-server.ts'
import { TEST_LIMITS } from './use-mcp-test-server.ts'

// Every client agents use, over real HTTP on 127.0.0.1, against the memory backend: each
// speaks its own revision to the same endpoint and runs the whole lifecycle.
const TOOL_NAMES = ['list_mcp_servers', 'get_mcp_status', 'start_mcp', 'stop_mcp', 'scale_mcp']
const SERVERS = serverPerClientMode('server')

let backend: MemoryBackend
let http: McpTestServer

beforeAll(async () => {
  backend = new MemoryBackend(SERVERS.map(([, name]) => ({ name, replicas: 0 })))
  http = await startMcpTestServer({ backend, limits: TEST_LIMITS })
})

afterAll(() => http.close())

describe.each(SERVERS)('the %s client over HTTP', (mode, name) => {
  it(`speaks ${EXPECTED_REVISION[mode]}, lists the five tools and runs start (with progress), scale, status and stop`, async () => {
    await withTestClient(mode, { url: http.url }, async (client) => {
      expect(client.revision()).toBe(EXPECTED_REVISION[mode])
      expect((await client.listToolNames()).sort()).toEqual([...TOOL_NAMES].sort())

      const progress: ProgressUpdate[] = []
      const started = await client.callTool('start_mcp', { name }, (p) => progress.push(p))
      expect(started.structuredContent).toMatchObject({ status: 'running', ready_replicas: 1 })
      expect(progress.at(-1)).toMatchObject({ progress: 1, total: 1 })

      const scaled = await client.callTool('scale_mcp', { name, replicas: 2, wait_ready: true })
      expect(scaled.structuredContent).toMatchObject({ status: 'running', ready_replicas: 2 })

      const status = await client.callTool('get_mcp_status', { name })
      expect(status.structuredContent).toMatchObject({ name, replicas: 2 })

      const stopped = await client.callTool('stop_mcp', { name })
      expect(stopped.structuredContent).toMatchObject({ replicas: 0 })
      expect(backend.peek(name)?.desiredReplicas).toBe(0)
    })
  })
})
