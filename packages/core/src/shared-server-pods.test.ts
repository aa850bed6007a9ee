import { describe, expect, it } from 'vitest'
import type { PodSnapshot } from './pod-snapshot.ts'
import type { ServerPods } from './server-pods.ts'
import { shareServerPods } from './shared-server-pods.ts'
import { firstPods } from './testing/first-pods.ts'

const pod = (name: string): PodSnapshot => ({
  name,
  uid: name,
  ready: true,
  terminating: false,
  ports: [],
  waiting: [],
  conditions: [],
})

/** A ServerPods that counts the watches it starts and yields what the test pushes. */
function countingPods() {
  const watches: { name: string; push: (pods: PodSnapshot[]) => void; aborted: () => boolean }[] =
    []
  const inner: ServerPods = {
    async *watchPods(name, signal) {
      if (name === 'missing') throw new Error('not found')
      const queue: PodSnapshot[][] = [[pod(`${name}-a`)]]
      let wake = () => {}
      watches.push({
        name,
        push: (pods) => (queue.push(pods), wake()),
        aborted: () => signal.aborted,
      })
      while (!signal.aborted) {
        const next = queue.shift()
        if (next) yield next
        else
          await new Promise<void>((resolve) => {
            wake = resolve
            signal.addEventListener('abort', () => resolve(), { once: true })
          })
      }
    },
  }
  return { inner, watches }
}

const first = firstPods

describe('shareServerPods', () => {
  it('serves repeated first sights of a server from one watch while it lingers', async () => {
    const { inner, watches } = countingPods()
    const shared = shareServerPods(inner, { lingerMs: 1000, maxServers: 10 })
    for (let i = 0; i < 5; i++) expect((await first(shared, 'weather'))[0]!.name).toBe('weather-a')
    expect(watches).toHaveLength(1)
  })

  it('gives every follower each change, and ends the watch once the last has left and it lingered', async () => {
    const { inner, watches } = countingPods()
    const shared = shareServerPods(inner, { lingerMs: 20, maxServers: 10 })
    const controllers = [new AbortController(), new AbortController()]
    const iterators = controllers.map((c) =>
      shared.watchPods('weather', c.signal)[Symbol.asyncIterator]()
    )
    for (const it of iterators) expect((await it.next()).value[0].name).toBe('weather-a')
    watches[0]!.push([pod('weather-b')])
    for (const it of iterators) expect((await it.next()).value[0].name).toBe('weather-b')
    for (const it of iterators) await it.return?.()
    await new Promise((resolve) => setTimeout(resolve, 60))
    expect(watches[0]!.aborted()).toBe(true)
    await first(shared, 'weather')
    expect(watches).toHaveLength(2)
  })

  it('passes a failure to every follower and starts afresh for the next', async () => {
    const { inner } = countingPods()
    const shared = shareServerPods(inner, { lingerMs: 1000, maxServers: 10 })
    await expect(first(shared, 'missing')).rejects.toThrow('not found')
    await expect(first(shared, 'missing')).rejects.toThrow('not found')
  })

  it('watches at most maxServers at once, then gives a watch of its own', async () => {
    const { inner, watches } = countingPods()
    const shared = shareServerPods(inner, { lingerMs: 1000, maxServers: 1 })
    await first(shared, 'a')
    await first(shared, 'b')
    await first(shared, 'b')
    expect(watches.map((w) => w.name)).toEqual(['a', 'b', 'b'])
  })
})
