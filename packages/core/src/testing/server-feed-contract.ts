import { describe, expect, it } from 'vitest'
import { FeedStore } from '../feed-store.ts'
import type { FeedEvent, ServerFeed } from '../server-feed.ts'
import type { ContractServerSeed } from './backend-contract.ts'
import type { ContractRun } from './contract-run.ts'

/** The contract's back door: changes Deployments and Services without the feed under test. */
export interface ServerFeedCluster {
  /** Where the objects it makes live (the feed places them there). */
  namespace: string
  /** A Deployment (`mcp: false`: one that is not an MCP server). */
  createServer(seed: ContractServerSeed): Promise<void>
  scale(name: string, replicas: number): Promise<void>
  deleteServer(name: string): Promise<void>
  /** A ClusterIP Service selecting the server's pods (`app: name`). */
  createService(name: string): Promise<void>
  deleteService(name: string): Promise<void>
}

export interface ServerFeedContractOptions extends ContractRun<ServerFeedCluster> {
  /** A new instance each call. */
  feed: () => ServerFeed
}

/** What every ServerFeed must do: run against the memory one and the Kubernetes one. */
export function runServerFeedContract(name: string, options: ServerFeedContractOptions) {
  describe(`ServerFeed contract: ${name}`, () => {
    const named = (suffix: string) => `${options.prefix}-feed-${suffix}`

    /** The first event a kind's feed reports. */
    async function firstEvent<T>(
      follow: (signal: AbortSignal) => AsyncIterable<FeedEvent<T>>
    ): Promise<FeedEvent<T> | undefined> {
      const controller = new AbortController()
      try {
        for await (const event of follow(controller.signal)) return event
        return undefined
      } finally {
        controller.abort()
      }
    }

    /** Follows a kind into a FeedStore, as a cache would; `until` waits for a state of it. */
    function follow<T extends { name: string }>(
      events: (signal: AbortSignal) => AsyncIterable<FeedEvent<T>>
    ) {
      const controller = new AbortController()
      const store = new FeedStore<T>(Date.now)
      let changed = () => {}
      const done = (async () => {
        for await (const event of events(controller.signal)) {
          store.apply(event)
          changed()
        }
      })()
      return {
        store,
        async until(check: (store: FeedStore<T>) => boolean, what: string): Promise<void> {
          const deadline = Date.now() + options.waitSeconds * 1000
          while (!check(store)) {
            if (Date.now() > deadline) throw new Error(`the feed never showed ${what}`)
            await new Promise<void>((resolve) => {
              changed = resolve
              setTimeout(resolve, 50)
            })
          }
        },
        async stop() {
          controller.abort()
          await done.catch(() => undefined)
        },
      }
    }

    it('lists every MCP server first, placed in its namespace, and no other Deployment', async () => {
      const cluster = options.cluster()
      await cluster.createServer({ name: named('listed'), replicas: 1 })
      await cluster.createServer({ name: named('plain'), replicas: 0, mcp: false })
      const first = await firstEvent((signal) => options.feed().deployments(signal))
      if (first?.type !== 'list') throw new Error(`the first event was ${first?.type}`)
      const listed = first.items.filter((item) => item.namespace === cluster.namespace)
      const names = listed.map((item) => item.object.name)
      expect(names).toContain(named('listed'))
      expect(names).not.toContain(named('plain'))
      const server = listed.find((item) => item.object.name === named('listed'))
      expect(server?.object.desiredReplicas).toBe(1)
    })

    it('then follows each change: a new server, a scaled one, a deleted one', async () => {
      const cluster = options.cluster()
      const feed = follow((signal) => options.feed().deployments(signal))
      const get = (store: FeedStore<{ name: string; desiredReplicas: number }>) =>
        store.get(cluster.namespace, named('changed'))
      try {
        await feed.until((store) => store.isSynced() && store.isFollowing(), 'the list, connected')
        await cluster.createServer({ name: named('changed'), replicas: 0 })
        await feed.until((store) => get(store)?.desiredReplicas === 0, 'the new server')
        await cluster.scale(named('changed'), 1)
        await feed.until((store) => get(store)?.desiredReplicas === 1, 'the scaled server')
        await cluster.deleteServer(named('changed'))
        await feed.until((store) => get(store) === undefined, 'the server deleted')
      } finally {
        await feed.stop()
      }
    })

    it('lists the Services, then follows a new one and a deleted one', async () => {
      const cluster = options.cluster()
      await cluster.createService(named('svc-listed'))
      const feed = follow((signal) => options.feed().services(signal))
      const has = (name: string) => (store: FeedStore<{ name: string }>) =>
        store.get(cluster.namespace, name) !== undefined
      try {
        await feed.until((store) => store.isSynced(), 'the list')
        expect(has(named('svc-listed'))(feed.store)).toBe(true)
        await cluster.createService(named('svc-new'))
        await feed.until(has(named('svc-new')), 'the new Service')
        await cluster.deleteService(named('svc-listed'))
        await feed.until((store) => !has(named('svc-listed'))(store), 'the Service deleted')
      } finally {
        await feed.stop()
      }
    })

    it('stops when its signal aborts', async () => {
      const feed = follow((signal) => options.feed().deployments(signal))
      await feed.until((store) => store.isSynced(), 'the list')
      await feed.stop()
    })
  })
}
