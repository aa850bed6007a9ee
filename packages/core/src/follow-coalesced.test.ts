import { describe, expect, it } from 'vitest'
import { followCoalesced } from './follow-coalesced.ts'
import type { ServerSnapshot } from './snapshot.ts'
import { MemoryBackend } from './testing/memory-backend.ts'

// Issue 31's measure: a scale reaches a tenant's stream within 50 ms p50, so a lone change is
// not held for the gathering window; a burst still is (rounds at most every coalesceMs).
const WINDOW_MS = 60_000

describe('followCoalesced', () => {
  it('hands on a change after a quiet spell at once, not after the window', async () => {
    const backend = new MemoryBackend([{ name: 'a', replicas: 0 }])
    let clock = 0
    const rounds: ServerSnapshot[][] = []
    const stop = new AbortController()
    const following = followCoalesced(
      backend,
      stop.signal,
      WINDOW_MS,
      (servers) => void rounds.push(servers),
      () => clock
    )
    await expect.poll(() => rounds.length).toBe(1)
    clock += WINDOW_MS // a quiet spell as long as the window
    await backend.scale('a', 2)
    await expect
      .poll(() => rounds.at(-1)?.[0]?.deployment.desiredReplicas, { timeout: 5_000 })
      .toBe(2)
    stop.abort()
    await following.catch(() => {}) // an aborted watch rejects
  })
})
