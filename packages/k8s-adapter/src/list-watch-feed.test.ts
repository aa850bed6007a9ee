import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { describe, expect, it } from 'vitest'
import type { AdapterContext } from './adapter-context.ts'
import { DEFAULT_WATCH_TUNING } from './list-watch.ts'
import { listWatchFeed } from './list-watch-feed.ts'
import type { WatchedKind } from './watched-kinds.ts'

// A full collection in this process, not only a hint to V8.
setFlagsFromString('--expose-gc')
const gc = runInNewContext('gc') as () => void

interface Item {
  metadata: { name: string; resourceVersion: string }
  spec: { payload: string }
}

/** A watch that stays open with nothing to say, as on a quiet namespace. */
function quietWatch(signal: AbortSignal | undefined): Promise<Response> {
  const body = new ReadableStream<Uint8Array>({
    start: (stream) => {
      stream.enqueue(new TextEncoder().encode('\n'))
      signal?.addEventListener('abort', () => stream.error(signal.reason), { once: true })
    },
  })
  return Promise.resolve(new Response(body))
}

describe('listWatchFeed', () => {
  it('keeps no reference to the listed objects while it watches: only their snapshots live on', async () => {
    const ctx = {
      namespace: 'mcp',
      selector: '',
      api: { stream: (_path: string, _query: object, signal?: AbortSignal) => quietWatch(signal) },
    } as unknown as AdapterContext
    let listed: WeakRef<Item[]> | undefined
    const kind: WatchedKind<Item> = {
      what: 'Watching test objects',
      path: '/api/v1/namespaces/mcp/things',
      selectors: {},
      list: async () => {
        const items = Array.from({ length: 100 }, (_, i) => ({
          metadata: { name: `item-${i}`, resourceVersion: '1' },
          spec: { payload: 'x'.repeat(1000) + i },
        }))
        listed = new WeakRef(items)
        return { items, metadata: { resourceVersion: '1' } }
      },
    }
    const stop = new AbortController()
    const feed = listWatchFeed(
      ctx,
      kind,
      (item) => item.metadata.name,
      stop.signal,
      DEFAULT_WATCH_TUNING
    )[Symbol.asyncIterator]()
    try {
      const first = await feed.next()
      expect(first.value).toMatchObject({ type: 'list' })
      expect((await feed.next()).value).toEqual({ type: 'connected' })
      // The feed is now suspended in its watch, as in a synced manager, for as long as it runs.
      const pending = feed.next()
      await new Promise((resolve) => setTimeout(resolve, 10)) // WeakRefs hold until the task ends
      gc()
      expect(listed?.deref(), 'the listed objects were collected').toBeUndefined()
      stop.abort()
      await pending.catch(() => undefined)
    } finally {
      stop.abort()
      await feed.return?.(undefined)
    }
  })
})
