import { startReaper, type ReaperLoop } from '@mcp-lifecycle/activator'
import { DiscoverySummaries, type Principal } from '@mcp-lifecycle/core'
import { createK8sAdapter } from '@mcp-lifecycle/k8s-adapter'
import {
  createDeployment,
  createTestNamespace,
  livePodNames,
  type ClusterAccess,
} from '@mcp-lifecycle/k8s-adapter/cluster-fixtures'
import type { PodProcesses } from '@mcp-lifecycle/k8s-adapter/pod-processes'
import {
  Client as ClientV2,
  StreamableHTTPClientTransport as HttpTransportV2,
} from '@modelcontextprotocol/client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  runExamplePods,
  serveProxyManager,
  tokenAuthenticator,
  type ProxyManager,
} from './proxy-manager-fixture.ts'

// Issue 30: the manager asks a server for its discovery itself, after a wake. The composed
// manager with the ConfigMap discovery store and its reaper, a real example server process per
// kwok pod (`--mode both`: public cache hints), real clients.
const TOKENS: Record<string, Principal> = {
  'Bearer writer-token': { id: 'writer', scope: 'write' },
}
const NAME = 'refreshed'

let access: ClusterAccess
let harness: PodProcesses | undefined
let manager: ProxyManager | undefined
let reaper: ReaperLoop | undefined
const wakes: string[] = []
const errors: unknown[] = []
const discoverySummaries = new DiscoverySummaries()

beforeAll(async () => {
  access = await createTestNamespace('discovery-refresh')
  await createDeployment(access, {
    name: NAME,
    replicas: 0,
    annotations: { 'mcp-lifecycle/idle-timeout': '2s' },
  })
  harness = await runExamplePods(access, `app=${NAME}`, 'both')
  const adapter = createK8sAdapter({ kubeConfig: access.kubeConfig, namespace: access.namespace })
  manager = await serveProxyManager(access, tokenAuthenticator(TOKENS), {
    discovery: adapter.discovery,
    onWake: (name) => void wakes.push(name),
    onDiscoveryError: (_, error) => void errors.push(error),
    discoverySummaries,
  })
})

afterAll(async () => {
  await reaper?.stop()
  manager?.close()
  try {
    await harness?.stop()
  } finally {
    await access?.core.deleteNamespace({ name: access.namespace })
  }
})

const replicas = async () =>
  (await access.apps.readNamespacedDeployment({ name: NAME, namespace: access.namespace })).spec
    ?.replicas

const keptMethods = async () =>
  (
    await createK8sAdapter({
      kubeConfig: access.kubeConfig,
      namespace: access.namespace,
    }).discovery.read(NAME)
  )?.answers
    .map((a) => a.method)
    .sort()

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
  return fetch(`${manager!.base}/servers/${NAME}/mcp`, {
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
    await expect
      .poll(keptMethods, { timeout: 15_000 })
      .toEqual([
        'prompts/list',
        'resources/list',
        'resources/templates/list',
        'server/discover',
        'tools/list',
      ])
    reaper = startReaper({
      backend: createK8sAdapter({ kubeConfig: access.kubeConfig, namespace: access.namespace })
        .backend,
      activator: manager!.activator,
      intervalMs: 300,
    })
    await expect.poll(replicas, { timeout: 20_000 }).toBe(0)
    await expect.poll(() => livePodNames(access, NAME), { timeout: 60_000 }).toEqual([])
    // Under load the manager's own pod watch may lag: a request would still go to the gone pod.
    await expect.poll(() => manager!.readyPodSeen(NAME), { timeout: 30_000 }).toBe(false)

    const client = new ClientV2(
      { name: 'discovery-refresh-tests', version: '0' },
      { versionNegotiation: { mode: { pin: '2026-07-28' } } }
    )
    const url = new URL(`${manager!.base}/servers/${NAME}/mcp`)
    await client.connect(
      new HttpTransportV2(url, {
        requestInit: { headers: { authorization: 'Bearer writer-token' } },
      })
    )
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
    const status = await fetch(`${manager!.base}/servers/${NAME}`, {
      headers: { authorization: 'Bearer writer-token' },
    })
    expect(await status.json()).toMatchObject({
      status: 'stopped',
      discovery: { kept: true, revisions: ['2026-07-28'] },
    })
  })
})
