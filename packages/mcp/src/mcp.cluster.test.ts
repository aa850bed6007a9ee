import { createK8sBackend } from '@mcp-lifecycle/k8s-adapter'
import {
  createDeployment,
  createTestNamespace,
  replicasOf,
} from '@mcp-lifecycle/k8s-adapter/cluster-fixtures'
import type { ClusterAccess } from '@mcp-lifecycle/k8s-adapter/cluster-fixtures'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { EXPECTED_REVISION, serverPerClientMode, withTestClient } from './mcp-clients.ts'
import type { ProgressUpdate } from './mcp-clients.ts'
import { startMcpTestServer, type McpTestServer } from './mcp-test-server.ts'
import { TEST_LIMITS } from './use-mcp-test-server.ts'

// The tools end to end: every client over HTTP, the real adapter, the local control plane.
let access: ClusterAccess
let http: McpTestServer

const SERVERS = serverPerClientMode('weather')

beforeAll(async () => {
  access = await createTestNamespace('mcp')
  const backend = createK8sBackend({ kubeConfig: access.kubeConfig, namespace: access.namespace })
  http = await startMcpTestServer({ backend, limits: TEST_LIMITS })
  await Promise.all([
    ...SERVERS.map(([, name]) => createDeployment(access, { name, replicas: 0 })),
    createDeployment(access, { name: 'never', replicas: 0, neverReady: true }),
    createDeployment(access, { name: 'web-frontend', replicas: 1, mcp: false }),
  ])
})

afterAll(async () => {
  await http?.close()
})

describe.each(SERVERS)('MCP tools on the local control plane with the %s client', (mode, name) => {
  it(`speaks ${EXPECTED_REVISION[mode]} and runs a start (with progress), scale, status, stop cycle`, async () => {
    await withTestClient(mode, { url: http.url }, async (client) => {
      expect(client.revision()).toBe(EXPECTED_REVISION[mode])
      expect(await client.listToolNames()).toHaveLength(5)
      const progress: ProgressUpdate[] = []
      const started = await client.callTool('start_mcp', { name, timeout: 60 }, (p) =>
        progress.push(p)
      )
      expect(started.structuredContent).toMatchObject({ status: 'running', ready_replicas: 1 })
      expect(progress.at(-1)).toMatchObject({ progress: 1, total: 1 })

      const scaled = await client.callTool('scale_mcp', {
        name,
        replicas: 2,
        wait_ready: true,
        timeout: 60,
      })
      expect(scaled.structuredContent).toMatchObject({ status: 'running', ready_replicas: 2 })
      expect(await replicasOf(access, name)).toBe(2)

      const stopped = await client.callTool('stop_mcp', { name, force: true })
      expect(stopped.structuredContent).toMatchObject({ status: 'stopped', replicas: 0 })
      const status = await client.callTool('get_mcp_status', { name })
      expect(status.structuredContent).toMatchObject({ name, status: 'stopped', replicas: 0 })
    })
  })
})

describe('MCP tools on the local control plane', () => {
  it('lists the MCP servers and leaves the other Deployments out', async () => {
    await withTestClient('v2 pinned 2026-07-28', { url: http.url }, async (client) => {
      const result = await client.callTool('list_mcp_servers', {})
      const { servers } = result.structuredContent as { servers: { name: string }[] }
      expect(servers.map((s) => s.name)).toContain('never')
      expect(servers.map((s) => s.name)).not.toContain('web-frontend')
    })
  })

  it('answers a start that never gets ready with a tool error carrying the last status', async () => {
    await withTestClient('v1', { url: http.url }, async (client) => {
      const result = await client.callTool('start_mcp', { name: 'never', timeout: 2 })
      expect(result.isError).toBe(true)
      expect(result.structuredContent).toMatchObject({ name: 'never', status: 'pending' })
    })
  })

  it('refuses a Deployment without the MCP label and leaves it alone', async () => {
    await withTestClient('v2 auto', { url: http.url }, async (client) => {
      const result = await client.callTool('scale_mcp', { name: 'web-frontend', replicas: 3 })
      expect(result.isError).toBe(true)
      expect(result.content[0]?.text).toContain('list_mcp_servers')
      expect(await replicasOf(access, 'web-frontend')).toBe(1)
    })
  })
})
