import { INITIALIZE, mcpPost } from '@mcp-lifecycle/activator/testing'
import {
  createDeployment,
  deploymentManifest,
  replicasOf,
} from '@mcp-lifecycle/k8s-adapter/cluster-fixtures'
import type { ClusterAccess, DeploymentSpec } from '@mcp-lifecycle/k8s-adapter/cluster-fixtures'
import { describe, expect, it } from 'vitest'
import { connectV1 } from './connect-mcp-client.ts'
import { bearerTokens, WRITER, READER } from './proxy-manager-fixture.ts'
import { useProxyScene } from './proxy-scene-fixture.ts'

// Wake on request end to end: the composed manager served on 127.0.0.1, the real adapter on
// the local control plane, and a real example MCP server process per pod (loopback pod IPs).
const SERVED = ['wake', 'pair', 'sleepy']

const served = useProxyScene({
  namespace: 'activator',
  deploy: (access) =>
    Promise.all([
      createDeployment(access, { name: 'wake', replicas: 0 }),
      createDeployment(access, { name: 'pair', replicas: 2 }),
      createDeployment(access, { name: 'sleepy', replicas: 0 }),
      createDeployment(access, { name: 'nowhere-to-run', replicas: 1, neverReady: true }),
      createLabelled(
        access,
        { name: 'stuck', replicas: 1, annotations: { 'mcp-lifecycle/queue-size': '1' } },
        { 'mcp-lifecycle.test/never-ready': 'true' }
      ),
      createLabelled(
        access,
        { name: 'broken', replicas: 0 },
        { 'mcp-lifecycle.test/image-pull-error': 'true' }
      ),
    ]),
  examplePods: { selector: `app in (${SERVED.join(',')})`, mode: 'stateful' },
  authenticator: bearerTokens(WRITER, READER),
})
const base = () => served().manager.base

async function createLabelled(
  access: ClusterAccess,
  spec: DeploymentSpec,
  labels: Record<string, string>
) {
  const body = deploymentManifest(spec)
  Object.assign(body.spec!.template.metadata!.labels!, labels)
  await access.apps.createNamespacedDeployment({ namespace: access.namespace, body })
}

async function connect(name: string, token = 'writer-token') {
  const { client, transport } = await connectV1(`${base()}/servers/${name}/mcp`, token)
  const whoami = async () =>
    (await client.callTool({ name: 'whoami' })).structuredContent as { pod: string; ip: string }
  return { client, transport, whoami }
}

const initialize = (token: string) => mcpPost(INITIALIZE, { authorization: `Bearer ${token}` })

describe('/servers/{name}/mcp on the local control plane', () => {
  it('wakes a stopped server on initialize and answers tools/call from its pod', async () => {
    const { client, whoami } = await connect('wake')
    try {
      const me = await whoami()
      expect(me.pod).toMatch(/^wake-/)
      expect(me.ip).toMatch(/^127\./)
      expect(await replicasOf(served().access, 'wake')).toBe(1)
    } finally {
      await client.close()
    }
  })

  it('keeps each stateful session on its pod with 2 replicas', async () => {
    const sessions = [await connect('pair'), await connect('pair')]
    try {
      const pods = await Promise.all(sessions.map(async (s) => (await s.whoami()).pod))
      expect(new Set(pods).size).toBe(2)
      for (let i = 0; i < 4; i++) {
        for (const [n, s] of sessions.entries()) expect((await s.whoami()).pod).toBe(pods[n])
      }
    } finally {
      await Promise.all(sessions.map((s) => s.client.close()))
    }
  })

  it('relays slow_count progress as SSE through the proxy', async () => {
    const { client } = await connect('pair')
    try {
      const seen: number[] = []
      await client.callTool(
        { name: 'slow_count', arguments: { count: 3, interval_ms: 50 } },
        undefined,
        {
          onprogress: (p) => void seen.push(p.progress),
        }
      )
      expect(seen).toEqual([1, 2, 3])
    } finally {
      await client.close()
    }
  })

  it('answers 404 for an unknown server', async () => {
    const res = await fetch(`${base()}/servers/nowhere/mcp`, initialize('writer-token'))
    expect(res.status).toBe(404)
    expect(res.headers.get('content-type')).toBe('application/problem+json')
    expect(await res.json()).toMatchObject({ detail: expect.stringContaining("'nowhere'") })
  })

  it('does not let a read-only token wake a stopped server', async () => {
    const res = await fetch(`${base()}/servers/sleepy/mcp`, initialize('reader-token'))
    expect(res.status).toBe(403)
    expect(await replicasOf(served().access, 'sleepy')).toBe(0)
  })

  it('answers 503 with the reason when the image cannot be pulled', async () => {
    const res = await fetch(`${base()}/servers/broken/mcp`, initialize('writer-token'))
    expect(res.status).toBe(503)
    expect(await res.json()).toMatchObject({
      title: 'MCP server cannot start',
      reason: 'ImagePullBackOff',
    })
  })

  it('answers 503 with the reason when no node can take the pod', async () => {
    const res = await fetch(`${base()}/servers/nowhere-to-run/mcp`, initialize('writer-token'))
    expect(res.status).toBe(503)
    expect(await res.json()).toMatchObject({ reason: 'Unschedulable' })
  })

  it('answers 503 with Retry-After when the wake queue is full', async () => {
    // One request holds the one place; a probe sent after it is refused. On a loaded machine
    // the holder may arrive after the probe, which then takes the place: the probe is given up
    // (its place freed) and a new holder sent, with more time ahead of the next probe.
    let holder = new AbortController()
    const hold = () => {
      holder = new AbortController()
      void fetch(`${base()}/servers/stuck/mcp`, {
        ...initialize('writer-token'),
        signal: holder.signal,
      }).catch(() => {})
    }
    hold()
    try {
      let res: Response | undefined
      for (let headStart = 50; ; headStart = Math.min(headStart * 2, 2000)) {
        await new Promise((resolve) => setTimeout(resolve, headStart))
        res = await fetch(`${base()}/servers/stuck/mcp`, {
          ...initialize('writer-token'),
          signal: AbortSignal.timeout(3000),
        }).catch(() => undefined)
        if (res?.status === 503) break
        await res?.body?.cancel()
        if (!res) (holder.abort(), hold())
      }
      expect(res.headers.get('retry-after')).toBe('2')
      expect(await res.json()).toMatchObject({ title: 'Wake queue full' })
    } finally {
      holder.abort()
    }
  })
})
