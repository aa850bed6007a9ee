import { describe, expect, it } from 'vitest'
import type { LifecycleBackend } from '../backend.ts'
import type { KeptAnswer } from '../discovery-answer.ts'
import { DiscoverySummaries } from '../discovery-summaries.ts'
import { seededDeployment } from '../testing/memory-backend.ts'
import { getServerStatus } from './status.ts'

const answer: KeptAnswer = {
  revision: '2026-07-28',
  method: 'tools/list',
  cursor: '',
  result: {},
  takenAt: 1_000,
  scope: 'public',
}

/** A backend that keeps its snapshots until the server changes, as the manager's cache does. */
function cachedServer() {
  const server = {
    deployment: { ...seededDeployment({ name: 'weather', replicas: 1 }), templateHash: 't1' },
    services: [],
  }
  return { getServer: async () => server } as unknown as LifecycleBackend
}

describe('getServerStatus', () => {
  // A view with discovery was a new copy at every read: its JSON was encoded again each time.
  it('answers the same view object while neither the server nor its discovery changed', async () => {
    const discoveryViews = new DiscoverySummaries()
    discoveryViews.kept('weather', 't1', answer)
    const ctx = { backend: cachedServer(), discoveryViews }
    const first = await getServerStatus(ctx, 'weather')
    expect(first.discovery).toMatchObject({ kept: true, revisions: ['2026-07-28'] })
    expect(await getServerStatus(ctx, 'weather')).toBe(first)
    discoveryViews.kept('weather', 't1', { ...answer, revision: '2025-11-25' })
    const changed = await getServerStatus(ctx, 'weather')
    expect(changed).not.toBe(first)
    expect(changed.discovery?.revisions).toEqual(['2025-11-25', '2026-07-28'])
    expect(await getServerStatus(ctx, 'weather')).toBe(changed)
  })
})
