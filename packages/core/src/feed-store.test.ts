import { describe, expect, it } from 'vitest'
import { FeedStore } from './feed-store.ts'
import type { FeedEvent } from './server-feed.ts'

type Named = { name: string; v?: number }
const at = (name: string, v?: number, namespace = 'mcp') => ({
  namespace,
  object: { name, ...(v !== undefined && { v }) },
})
const failed: FeedEvent<Named> = { type: 'failed', error: new Error('down') }
const connected: FeedEvent<Named> = { type: 'connected' }

function storeAt(time: { now: number }) {
  return new FeedStore<Named>(() => time.now)
}

describe('FeedStore', () => {
  it('replaces everything on a list, then applies each upsert and delete, per namespace', () => {
    const store = storeAt({ now: 0 })
    expect(store.apply({ type: 'list', items: [at('a'), at('b'), at('a', 1, 'other')] })).toBe(true)
    expect(store.apply({ type: 'upsert', item: at('b', 2) })).toBe(true)
    expect(store.apply({ type: 'delete', item: at('a') })).toBe(true)
    expect(store.values('mcp')).toEqual([{ name: 'b', v: 2 }])
    expect(store.names('other')).toEqual(['a'])
    expect(store.apply({ type: 'list', items: [at('c')] })).toBe(true)
    expect(store.names('mcp')).toEqual(['c'])
    expect(store.get('other', 'a')).toBeUndefined()
  })

  it('follows from an answered watch until the next failure; connected and failed change no object', () => {
    const store = storeAt({ now: 0 })
    const seen: boolean[] = []
    const list: FeedEvent<Named> = { type: 'list', items: [] }
    for (const event of [list, connected, failed, connected])
      seen.push(store.apply(event), store.isFollowing())
    expect(seen).toEqual([true, false, false, true, false, false, false, true])
  })

  it('is fresh once listed, and stays so while a failure lasts no longer than allowed', () => {
    const time = { now: 0 }
    const store = storeAt(time)
    expect(store.isFresh(100)).toBe(false)
    store.apply({ type: 'list', items: [] })
    expect([store.isSynced(), store.isFresh(100)]).toEqual([true, true])
    store.apply(failed)
    time.now = 100
    store.apply(failed) // the run of failures began at 0
    expect(store.isFresh(100)).toBe(true)
    time.now = 101
    expect(store.isFresh(100)).toBe(false)
    store.apply(connected)
    expect(store.isFresh(100)).toBe(true)
  })
})
