import { describe, expect, it, vi } from 'vitest'
import { createCachedBackend } from './cached-backend.ts'
import type { FeedEvent, ServerFeed } from './server-feed.ts'
import type { DeploymentSnapshot, ServiceSnapshot } from './snapshot.ts'
import { MemoryBackend } from './testing/memory-backend.ts'
import { seededService } from './testing/seeded-service.ts'

const NS = 'mcp'

/** Events pushed by the test, as a list-watch would report them. */
function channel<T>() {
  const queue: FeedEvent<T>[] = []
  let wake: (() => void) | undefined
  return {
    push(event: FeedEvent<T>) {
      queue.push(event)
      wake?.()
    },
    async *events(signal: AbortSignal): AsyncIterable<FeedEvent<T>> {
      while (!signal.aborted) {
        const event = queue.shift()
        if (event) yield event
        else await new Promise<void>((resolve) => (wake = resolve))
      }
    },
  }
}

function deployment(name: string, replicas: number, generation = 1): DeploymentSnapshot {
  return {
    name,
    podLabels: { app: name },
    annotations: {},
    generation,
    observedGeneration: generation,
    desiredReplicas: replicas,
    currentReplicas: replicas,
    readyReplicas: replicas,
    availableReplicas: replicas,
    updatedReplicas: replicas,
    conditions: [],
  }
}

const service = seededService({ namespace: NS, clusterIPs: ['10.0.0.1'] })

/** Lets the pushed events reach the cache. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 5))

const placed = <T>(object: T) => ({ namespace: NS, object })

function setup(now = () => 0, firstSyncWaitMs?: number) {
  const inner = new MemoryBackend([{ name: 'weather', replicas: 1 }])
  const deployments = channel<DeploymentSnapshot>()
  const services = channel<ServiceSnapshot>()
  const feed: ServerFeed = { deployments: deployments.events, services: services.events }
  const controller = new AbortController()
  const backend = createCachedBackend(inner, feed, {
    namespace: NS,
    signal: controller.signal,
    staleAfterMs: 1000,
    now,
    firstSyncWaitMs,
  })
  const sync = async () => {
    deployments.push({ type: 'list', items: [placed(deployment('weather', 1))] })
    services.push({ type: 'list', items: [placed(service)] })
    await backend.synced
  }
  return { inner, deployments, services, backend, sync, stop: () => controller.abort() }
}

describe('createCachedBackend', () => {
  it('waits for the first sync rather than reading live before it', async () => {
    const { inner, backend, sync, stop } = setup()
    const early = { list: backend.listServers(), one: backend.getServer('weather') }
    const watched = backend.watchServers(new AbortController().signal)[Symbol.asyncIterator]()
    const first = watched.next()
    await settle()
    await sync()
    expect((await early.list).map((s) => s.deployment.name)).toEqual(['weather'])
    expect((await early.one).services).toEqual([service])
    expect((await first).value).toHaveLength(1)
    expect(inner.calls).toMatchObject({ list: 0, get: 0, watch: 0 })
    stop()
  })

  it('reads live at once when a feed fails before the first sync', async () => {
    const { inner, services, backend, stop } = setup(() => 0, 60_000)
    services.push({ type: 'failed', error: new Error('down') })
    await settle()
    await backend.listServers()
    await backend.getServer('weather')
    expect(inner.calls).toMatchObject({ list: 1, get: 1 })
    stop()
  })

  it('reads live when the first sync outlasts its wait, from memory with no backend call after it', async () => {
    const { inner, backend, sync, stop } = setup(() => 0, 20)
    await backend.listServers()
    expect(inner.calls.list).toBe(1)
    await sync()
    const servers = await backend.listServers()
    const one = await backend.getServer('weather')
    expect(inner.calls).toMatchObject({ list: 1, get: 0 })
    expect(servers.map((s) => s.deployment.name)).toEqual(['weather'])
    expect(one.services).toEqual([service])
    stop()
  })

  it('answers not-found from memory for a server the cache does not hold', async () => {
    const { inner, backend, sync, stop } = setup()
    await sync()
    await expect(backend.getServer('nope')).rejects.toMatchObject({ kind: 'not-found' })
    expect(inner.calls.get).toBe(0)
    stop()
  })

  it('follows changes and deletions of both kinds', async () => {
    const { deployments, services, backend, sync, stop } = setup()
    await sync()
    deployments.push({ type: 'upsert', item: placed(deployment('search', 0)) })
    deployments.push({ type: 'delete', item: placed(deployment('weather', 1)) })
    services.push({ type: 'delete', item: placed(service) })
    await vi.waitUntil(async () => (await backend.listServers())[0]?.deployment.name === 'search')
    await vi.waitUntil(async () => (await backend.getServer('search')).services.length === 0)
    expect(await backend.listServers()).toHaveLength(1)
    stop()
  })

  it('reads live again once a watch has been failing longer than the bound, and from memory when it recovers', async () => {
    let now = 0
    const { inner, services, backend, sync, stop } = setup(() => now)
    await sync()
    services.push({ type: 'failed', error: new Error('down') })
    await settle()
    now = 1000
    expect(backend.isFresh()).toBe(true)
    now = 1001
    expect(backend.isFresh()).toBe(false)
    await backend.getServer('weather')
    expect(inner.calls.get).toBe(1)
    services.push({ type: 'connected' })
    await vi.waitUntil(() => backend.isFresh())
    await backend.getServer('weather')
    expect(inner.calls.get).toBe(1)
    stop()
  })

  it('shows its own write at once, and never goes back behind it or behind a newer event', async () => {
    const { deployments, backend, sync, stop } = setup()
    await sync()
    await backend.scale('weather', 3)
    expect((await backend.getServer('weather')).deployment.desiredReplicas).toBe(3)
    // An event older than the write (the generation before it) does not hide it.
    deployments.push({ type: 'upsert', item: placed(deployment('weather', 1, 1)) })
    await settle()
    expect((await backend.getServer('weather')).deployment.desiredReplicas).toBe(3)
    // The event of the write, and newer ones, replace it.
    deployments.push({
      type: 'upsert',
      item: placed({ ...deployment('weather', 3, 2), readyReplicas: 2 }),
    })
    await vi.waitUntil(
      async () => (await backend.getServer('weather')).deployment.readyReplicas === 2
    )
    stop()
  })

  it('answers the same list until something changes: an event or its own write', async () => {
    const { deployments, backend, sync, stop } = setup()
    await sync()
    const first = await backend.listServers()
    expect(await backend.listServers()).toBe(first)
    await backend.scale('weather', 2)
    const afterWrite = await backend.listServers()
    expect(afterWrite).not.toBe(first)
    expect(afterWrite[0]?.deployment.desiredReplicas).toBe(2)
    deployments.push({ type: 'upsert', item: placed(deployment('search', 0)) })
    await vi.waitUntil(async () => (await backend.listServers()) !== afterWrite)
    expect((await backend.listServers()).map((s) => s.deployment.name)).toEqual([
      'weather',
      'search',
    ])
    stop()
  })

  it('keeps a dry run out of the cache', async () => {
    const { backend, sync, stop } = setup()
    await sync()
    await backend.scale('weather', 5, { dryRun: true })
    expect((await backend.getServer('weather')).deployment.desiredReplicas).toBe(1)
    stop()
  })

  it('watchServers yields the cached list, then again after each change', async () => {
    const { inner, deployments, backend, sync, stop } = setup()
    await sync()
    const controller = new AbortController()
    const seen: number[] = []
    const watching = (async () => {
      for await (const servers of backend.watchServers(controller.signal)) {
        seen.push(servers.length)
        if (seen.length === 1)
          deployments.push({ type: 'upsert', item: placed(deployment('b', 1)) })
        if (seen.length === 2) controller.abort()
      }
    })()
    await expect(watching).rejects.toMatchObject({ name: 'AbortError' })
    expect(seen).toEqual([1, 2])
    expect(inner.calls.watch).toBe(0)
    stop()
  })
})
