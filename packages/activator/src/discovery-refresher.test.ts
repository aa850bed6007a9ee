import { MemoryBackend, MemoryDiscoveryStore, MemoryServerPods } from '@mcp-lifecycle/core/testing'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { startExampleServer } from '../../../apps/example-mcp-server/src/start-example-server.ts'
import { createActivator } from './create-activator.ts'
import { mcpPost, readyPod } from './testing/index.ts'

const cleanup: (() => Promise<unknown> | void)[] = []
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step()
})

const META = {
  'io.modelcontextprotocol/protocolVersion': '2026-07-28',
  'io.modelcontextprotocol/clientCapabilities': {},
}

interface SetupOptions {
  refreshMs?: number
  annotations?: object
  podNetworks?: string[]
  onRefusal?: (name: string, detail: string) => void
}

function setup(replicas: number, over: SetupOptions = {}) {
  const backend = new MemoryBackend([
    { name: 'weather', replicas, templateHash: 't1', annotations: { ...over.annotations } },
  ])
  const pods = new MemoryServerPods()
  pods.set('weather', [])
  const store = new MemoryDiscoveryStore()
  const activator = createActivator(
    { backend },
    {
      pods,
      discovery: store,
      connectRetryMs: 20,
      stopSettleMs: 500,
      ...(over.refreshMs && { discoveryRefreshMs: over.refreshMs }),
      ...(over.podNetworks && { podNetworks: over.podNetworks }),
      ...(over.onRefusal && { onRefusal: over.onRefusal }),
    }
  )
  cleanup.push(() => activator.close())
  const kept = async () => (await store.read('weather'))?.answers.map((a) => a.method).sort()
  return { backend, pods, store, activator, kept }
}

async function example() {
  const server = await startExampleServer({
    host: '127.0.0.1',
    port: 0,
    mode: 'both',
    pod: 'weather-a',
    exitWithStdin: false,
  })
  cleanup.push(() => server.close())
  return server.identity.port
}

const LISTS = [
  'prompts/list',
  'resources/list',
  'resources/templates/list',
  'server/discover',
  'tools/list',
]

describe("the manager's own discovery of a server", () => {
  it('asks a server woken by a tools/call for its lists, which no client asked for', async () => {
    const t = setup(0)
    const port = await example()
    const call = {
      jsonrpc: '2.0',
      id: 1,
      method: 'tools/call',
      params: { _meta: META, name: 'echo', arguments: { text: 'hi' } },
    }
    const headers = {
      'mcp-protocol-version': '2026-07-28',
      'mcp-method': 'tools/call',
      'mcp-name': 'echo',
    }
    const answer = t.activator.app.request('/servers/weather/mcp', mcpPost(call, headers))
    await until(() => t.backend.calls.scale === 1)
    t.pods.set('weather', [readyPod('weather-a', port)])
    expect((await answer).status).toBe(200)
    await expect.poll(t.kept, { timeout: 5000 }).toEqual(LISTS)
  })

  it('asks a running server before its idle stop, and then stops it', async () => {
    const t = setup(1)
    t.pods.set('weather', [readyPod('weather-a', await example())])
    const stopped = await t.activator.whileStopping('weather', async () => {
      // Kept before the stop began (the writes are in the store's queue by then).
      await expect.poll(t.kept, { timeout: 2000 }).toEqual(LISTS)
      await t.backend.scale('weather', 0)
      return true
    })
    expect(stopped).toBe(true)
  })

  it('asks nothing of a server annotated discovery: off', async () => {
    const t = setup(1, { annotations: { 'mcp-lifecycle/discovery': 'off' } })
    t.pods.set('weather', [readyPod('weather-a', await example())])
    await t.activator.whileStopping('weather', async () => true)
    expect(await t.kept()).toBeUndefined()
  })

  it.each([
    ['outside the pod networks', { podNetworks: ['10.0.0.0/8'] }, {}],
    ["on the host's network", {}, { hostNetwork: true }],
  ])(
    'sends nothing to a pod %s, as the proxy would not, and still stops the server',
    async (_, options, pod) => {
      const refusals: string[] = []
      const t = setup(1, { ...options, onRefusal: (_, detail) => void refusals.push(detail) })
      const asked: string[] = []
      const recording = createServer((req, res) => (asked.push(req.method ?? ''), res.end()))
      await new Promise<void>((resolve) => recording.listen(0, '127.0.0.1', resolve))
      cleanup.push(() => new Promise((resolve) => recording.close(resolve)))
      const port = (recording.address() as AddressInfo).port
      t.pods.set('weather', [readyPod('weather-a', port, pod)])
      const stopped = await t.activator.whileStopping('weather', async () => true)
      expect(stopped).toBe(true)
      expect(refusals).toEqual([expect.stringContaining('weather-a')])
      expect(asked).toEqual([])
    }
  )

  it('stops a server whose pod never answers, once the bound has passed', async () => {
    const t = setup(1, { refreshMs: 200 })
    const asked: string[] = []
    // Accepts the request and never answers.
    const silent = createServer((req) => void asked.push(req.method ?? ''))
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve))
    cleanup.push(
      () => new Promise((resolve) => (silent.closeAllConnections(), silent.close(resolve)))
    )
    t.pods.set('weather', [readyPod('weather-a', (silent.address() as AddressInfo).port)])
    let ran = false
    const stopped = await t.activator.whileStopping('weather', async () => (ran = true))
    expect(asked).toEqual(['POST'])
    expect([ran, stopped]).toEqual([true, true])
    expect(await t.kept()).toBeUndefined()
  })
})

async function until(check: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met')
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
}
