import {
  createDeployment,
  createTestNamespace,
  type ClusterAccess,
} from '@mcp-lifecycle/k8s-adapter/cluster-fixtures'
import { Client } from '@modelcontextprotocol/sdk/client/index.js'
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js'
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js'
import { fileURLToPath } from 'node:url'
import { beforeAll, describe, expect, inject, it } from 'vitest'

// The stdio bin as a process, on the local control plane.
let access: ClusterAccess

beforeAll(async () => {
  access = await createTestNamespace('stdio')
  await createDeployment(access, { name: 'desktop', replicas: 0 })
})

async function replicasOf(name: string): Promise<number | undefined> {
  const d = await access.apps.readNamespacedDeployment({ name, namespace: access.namespace })
  return d.spec?.replicas
}

describe('the stdio bin on the local control plane', () => {
  it('runs a start, scale, stop cycle', async () => {
    const stdio = new Client({ name: 'stdio-cluster-test', version: '0.0.0' })
    await stdio.connect(
      new StdioClientTransport({
        command: process.execPath,
        args: [fileURLToPath(new URL('./main.ts', import.meta.url))],
        env: { KUBECONFIG: inject('kubeconfig'), MCPL_NAMESPACE: access.namespace },
        stderr: 'ignore',
      })
    )
    try {
      const run = (name: string, args: Record<string, unknown>) =>
        stdio.callTool({ name, arguments: args }) as Promise<CallToolResult>
      const started = await run('start_mcp', { name: 'desktop', timeout: 60 })
      expect(started.structuredContent).toMatchObject({
        status: 'running',
        replicas: 1,
        ready_replicas: 1,
      })
      const scaled = await run('scale_mcp', {
        name: 'desktop',
        replicas: 2,
        wait_ready: true,
        timeout: 60,
      })
      expect(scaled.structuredContent).toMatchObject({
        status: 'running',
        replicas: 2,
        ready_replicas: 2,
      })
      const stopped = await run('stop_mcp', { name: 'desktop' })
      expect(stopped.structuredContent).toMatchObject({ replicas: 0 })
      expect(await replicasOf('desktop')).toBe(0)
    } finally {
      await stdio.close()
    }
  })
})
