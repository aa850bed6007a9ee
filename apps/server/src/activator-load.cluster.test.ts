import type { Principal } from '@mcp-lifecycle/core'
import { serveObservedPod, type ObservedPod } from '@mcp-lifecycle/example-mcp-server/observed-pod'
import { createDeployment, type ClusterAccess } from '@mcp-lifecycle/k8s-adapter/cluster-fixtures'
import { TestScene } from '@mcp-lifecycle/k8s-adapter/test-scene'
import { Client } from '@modelcontextprotocol/sdk/client/index.js'
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { serveProxyManager, type ProxyManager } from './proxy-manager-fixture.ts'

// The proxy under load and under a client that leaves, end to end: the composed manager on
// 127.0.0.1 over the local control plane. `crowd` runs the example MCP server as a real process
// per pod; `observed` runs the same MCP server (the example's tools on the SDK's stateless
// transport) in this process, bound to its pod's IP, so that the test sees when the upstream
// request closes and when slow_count stops.
// 200 clients (initialize, the GET stream, tools/call) during one wake take 3 to 4 s on 2 cores.
const CLIENTS = 200
const WRITER: Principal = { id: 'writer', scope: 'write' }

const scene = new TestScene()
let access: ClusterAccess
let manager: ProxyManager | undefined
let observed: ObservedPod | undefined
let base: string

beforeAll(async () => {
  access = await scene.namespace('load')
  await Promise.all([
    createDeployment(access, {
      name: 'crowd',
      replicas: 0,
      annotations: { 'mcp-lifecycle/queue-size': '1000' },
    }),
    createDeployment(access, { name: 'observed', replicas: 1 }),
  ])
  await scene.examplePods(access, 'app=crowd', 'stateful')
  const [pod] = (
    await access.core.listNamespacedPod({
      namespace: access.namespace,
      labelSelector: 'app=observed',
    })
  ).items
  observed = scene.adopt(await serveObservedPod(pod!.status!.podIP!, pod!.metadata!.name!), (o) =>
    o.close()
  )
  manager = await serveProxyManager(scene, access, async () => WRITER)
  base = manager.base
})

afterAll(() => scene.close())

const post = (body: unknown, signal?: AbortSignal) =>
  fetch(`${base}/servers/observed/mcp`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      'mcp-protocol-version': '2025-11-25',
    },
    body: JSON.stringify(body),
    ...(signal && { signal }),
  })

async function until(check: () => boolean, ms: number, what: string): Promise<void> {
  const deadline = Date.now() + ms
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${ms} ms`)
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
}

describe('/servers/{name}/mcp under load and aborts', () => {
  it('closes the upstream request when the client aborts, and the tool call stops', async () => {
    const controller = new AbortController()
    const calls = observed!.calls.length
    const res = await post(
      {
        jsonrpc: '2.0',
        id: 1,
        method: 'tools/call',
        params: {
          name: 'slow_count',
          arguments: { count: 500, interval_ms: 20 },
          _meta: { progressToken: 'p' },
        },
      },
      controller.signal
    )
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('text/event-stream')
    // Read until three progress events came through, then leave.
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader()
    let text = ''
    while ((text.match(/notifications\/progress/g) ?? []).length < 3) {
      const { value, done } = await reader.read()
      if (done) throw new Error(`stream ended early: ${text}`)
      text += value
    }
    const call = observed!.calls[calls]!
    expect(call.closedAt).toBeUndefined()
    const abortedAt = performance.now()
    controller.abort()
    await until(() => call.closedAt !== undefined, 2000, 'upstream closed')
    expect(call.closedAt! - abortedAt).toBeLessThan(500)
    // slow_count stopped: nothing sent after the close, ten intervals later.
    await new Promise((resolve) => setTimeout(resolve, 200))
    expect(call.progressAt.filter((t) => t > call.closedAt!)).toEqual([])
    expect(call.progressAt.length).toBeLessThan(20)
  })

  it(`serves ${CLIENTS} MCP clients that connect during one wake, every one of them`, async () => {
    const results = await Promise.allSettled(
      Array.from({ length: CLIENTS }, async (_, n) => {
        const client = new Client({ name: `crowd-${n}`, version: '0' })
        const transport = new StreamableHTTPClientTransport(new URL(`${base}/servers/crowd/mcp`))
        await client.connect(transport)
        try {
          const result = await client.callTool({ name: 'whoami' })
          return (result.structuredContent as { pod: string }).pod
        } finally {
          await client.close()
        }
      })
    )
    const failed = results.filter((r) => r.status === 'rejected')
    expect(failed.map((r) => String((r as PromiseRejectedResult).reason))).toEqual([])
    const pods = new Set(results.map((r) => (r as PromiseFulfilledResult<string>).value))
    expect(pods.size).toBe(1)
    const d = await access.apps.readNamespacedDeployment({
      name: 'crowd',
      namespace: access.namespace,
    })
    expect(d.spec?.replicas).toBe(1)
  })
})
