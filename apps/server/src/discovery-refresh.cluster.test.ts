import { startReaper } from '@mcp-lifecycle/activator'
import { DiscoverySummaries } from '@mcp-lifecycle/core'
import { createK8sAdapter } from '@mcp-lifecycle/k8s-adapter'
import { livePodNames } from '@mcp-lifecycle/k8s-adapter/cluster-fixtures'
import { describe, expect, it } from 'vitest'
import { serverReads, bearerTokens, WRITER, KEPT_2026 } from './proxy-manager-fixture.ts'
import { useDiscoveryScene } from './proxy-scene-fixture.ts'
import { connectPinnedV2 } from './connect-mcp-client.ts'

// Issue 30: the manager asks a server for its discovery itself, after a wake. The composed
// manager with the ConfigMap discovery store and its reaper, a real example server process per
// kwok pod (`--mode both`: public cache hints), real clients.
const NAME = 'refreshed'
const IDLE_TIMEOUT = { 'mcp-lifecycle/idle-timeout': '2s' }

const wakes: string[] = []
const errors: unknown[] = []
const discoverySummaries = new DiscoverySummaries()

const served = useDiscoveryScene(
  'discovery-refresh',
  { deployment: { name: NAME, replicas: 0, annotations: IDLE_TIMEOUT }, mode: 'both' },
  bearerTokens(WRITER),
  {
    onWake: (name) => void wakes.push(name),
    onDiscoveryError: (_, error) => void errors.push(error),
    discoverySummaries,
  }
)

const { replicas, kept } = serverReads(served, NAME)

/** A 2026-07-28 tools/call, as a client that knows the server sends it: no discovery first. */
function callEcho() {
  const body = JSON.stringify({
    jsonrpc: '2.0',
    id: 1,
    method: 'tools/call',
    params: {
      _meta: {
        'io.modelcontextprotocol/protocolVersion': '2026-07-28',
        'io.modelcontextprotocol/clientCapabilities': {},
      },
      name: 'echo',
      arguments: { text: 'hi' },
    },
  })
  return fetch(`${served().manager.base}/servers/${NAME}/mcp`, {
    method: 'POST',
    headers: {
      authorization: 'Bearer writer-token',
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      'mcp-protocol-version': '2026-07-28',
      'mcp-method': 'tools/call',
      'mcp-name': 'echo',
    },
    body,
  })
}

describe("the manager's own discovery, on the local control plane", () => {
  it('after a wake that listed nothing, answers the tools asleep once the reaper stopped the server', async () => {
    const answer = await callEcho()
    expect(answer.status).toBe(200)
    expect(await answer.text()).toContain('hi')
    expect(wakes).toEqual([NAME])
    await expect.poll(kept, { timeout: 15_000 }).toEqual(KEPT_2026)
    const { scene, access, manager } = served()
    const reaper = startReaper({
      backend: createK8sAdapter({ kubeConfig: access.kubeConfig, namespace: access.namespace })
        .backend,
      activator: manager.activator,
      intervalMs: 300,
    })
    scene.defer(() => reaper.stop())
    await expect.poll(replicas, { timeout: 20_000 }).toBe(0)
    await expect.poll(() => livePodNames(access, NAME), { timeout: 60_000 }).toEqual([])
    // Under load the manager's own pod watch may lag: a request would still go to the gone pod.
    await expect.poll(() => manager.readyPodSeen(NAME), { timeout: 30_000 }).toBe(false)

    const client = await connectPinnedV2(`${manager.base}/servers/${NAME}/mcp`, 'writer-token')
    try {
      const { tools } = await client.listTools()
      expect(tools.map((t) => t.name)).toEqual(['whoami', 'echo', 'slow_count'])
    } finally {
      await client.close()
    }
    expect(await replicas()).toBe(0)
    expect(wakes).toEqual([NAME])
    expect(errors).toEqual([])
    // The server's status says so, from what the keeper wrote and read.
    const status = await fetch(`${manager.base}/servers/${NAME}`, {
      headers: { authorization: 'Bearer writer-token' },
    })
    expect(await status.json()).toMatchObject({
      status: 'stopped',
      discovery: { kept: true, revisions: ['2026-07-28'] },
    })
  })
})
