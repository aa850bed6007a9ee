import { createK8sBackend } from '@mcp-lifecycle/k8s-adapter'
import {
  createDeployment,
  createTestNamespace,
  type ClusterAccess,
} from '@mcp-lifecycle/k8s-adapter/cluster-fixtures'
import { Client } from '@modelcontextprotocol/sdk/client/index.js'
import type { CallToolResult, Progress } from '@modelcontextprotocol/sdk/types.js'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { connectClient, startMcpTestServer, type McpTestServer } from './mcp-test-server.ts'

// The tools end to end: the SDK's client over HTTP, the real adapter, the local control plane.
let access: ClusterAccess
let http: McpTestServer
let client: Client

beforeAll(async () => {
  access = await createTestNamespace('mcp')
  const backend = createK8sBackend({ kubeConfig: access.kubeConfig, namespace: access.namespace })
  http = await startMcpTestServer({ backend, limits: { maxReplicas: 5, maxTimeoutSeconds: 120 } })
  client = await connectClient(http.url)
  await Promise.all([
    createDeployment(access, { name: 'weather', replicas: 0 }),
    createDeployment(access, { name: 'never', replicas: 0, neverReady: true }),
    createDeployment(access, { name: 'web-frontend', replicas: 1, mcp: false }),
  ])
})

afterAll(async () => {
  await client?.close()
  await http?.close()
})

const call = (name: string, args: Record<string, unknown> = {}) =>
  client.callTool({ name, arguments: args }) as Promise<CallToolResult>

async function replicasOf(name: string): Promise<number | undefined> {
  const d = await access.apps.readNamespacedDeployment({ name, namespace: access.namespace })
  return d.spec?.replicas
}

describe('MCP tools on the local control plane', () => {
  it('lists the MCP servers and leaves the other Deployments out', async () => {
    const result = await call('list_mcp_servers')
    const { servers } = result.structuredContent as { servers: { name: string; status: string }[] }
    expect(Object.fromEntries(servers.map((s) => [s.name, s.status]))).toEqual({
      never: 'stopped',
      weather: 'stopped',
    })
  })

  it('runs a start, scale, stop cycle, with progress while it waits', async () => {
    const progress: Progress[] = []
    const started = await client.callTool(
      { name: 'start_mcp', arguments: { name: 'weather', timeout: 60 } },
      undefined,
      { onprogress: (p) => progress.push(p), resetTimeoutOnProgress: true }
    )
    expect(started.structuredContent).toMatchObject({
      status: 'running',
      replicas: 1,
      ready_replicas: 1,
    })
    expect(progress.at(-1)).toMatchObject({ progress: 1, total: 1 })

    const scaled = await call('scale_mcp', {
      name: 'weather',
      replicas: 3,
      wait_ready: true,
      timeout: 60,
    })
    expect(scaled.structuredContent).toMatchObject({
      status: 'running',
      replicas: 3,
      ready_replicas: 3,
    })
    expect(await replicasOf('weather')).toBe(3)

    const stopped = await call('stop_mcp', { name: 'weather', force: true })
    expect(stopped.structuredContent).toMatchObject({ status: 'stopped', replicas: 0 })
    const pods = await access.core.listNamespacedPod({
      namespace: access.namespace,
      labelSelector: 'app=weather',
    })
    expect(pods.items).toHaveLength(0)

    const status = await call('get_mcp_status', { name: 'weather' })
    expect(status.structuredContent).toMatchObject({
      name: 'weather',
      status: 'stopped',
      replicas: 0,
    })
  })

  it('answers a start that never gets ready with a tool error carrying the last status', async () => {
    const result = await call('start_mcp', { name: 'never', timeout: 2 })
    expect(result.isError).toBe(true)
    expect(result.structuredContent).toMatchObject({
      name: 'never',
      status: 'pending',
      replicas: 1,
    })
  })

  it('refuses a Deployment without the MCP label and leaves it alone', async () => {
    const result = await call('scale_mcp', { name: 'web-frontend', replicas: 3 })
    expect(result.isError).toBe(true)
    expect(result.content[0]).toMatchObject({ text: expect.stringContaining('list_mcp_servers') })
    expect(await replicasOf('web-frontend')).toBe(1)
  })
})
