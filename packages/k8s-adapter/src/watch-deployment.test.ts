import { HttpResponse } from 'msw'
import { describe, expect, it, vi } from 'vitest'
import { takeFirst } from '@mcp-lifecycle/core/testing'
import type { DeploymentSnapshot } from '@mcp-lifecycle/core'
import {
  deploymentJson,
  deploymentList,
  deploymentsListWatch,
  statusJson,
  testBackend,
  useMswServer,
  watchStream,
  weatherStarting,
} from './msw-fixtures.ts'

const server = useMswServer()

/** Collects snapshots until `count` were seen, then aborts the watch. */
const collect = (name: string, count: number) =>
  takeFirst(count, (signal) => testBackend().watchServer(name, signal))

describe('watchDeployment', () => {
  it('yields the listed state, then watches from the list resourceVersion by name and label', async () => {
    const { calls, handler } = deploymentsListWatch(
      () => deploymentList([deploymentJson('weather', 1, 0)], '500'),
      () => watchStream([{ type: 'MODIFIED', object: deploymentJson('weather', 1, 1, '501') }])
    )
    server.use(handler)
    const seen = await collect('weather', 2)
    expect(seen.map((s) => s.readyReplicas)).toEqual([0, 1])
    expect(calls.watches[0]?.searchParams.get('resourceVersion')).toBe('500')
    expect(calls.watches[0]?.searchParams.get('fieldSelector')).toBe('metadata.name=weather')
    expect(calls.watches[0]?.searchParams.get('allowWatchBookmarks')).toBe('true')
  })

  it('resumes a dropped watch from the last resourceVersion seen, bookmarks included', async () => {
    const { calls, handler } = deploymentsListWatch(
      () => deploymentList([deploymentJson('weather', 2, 0)], '10'),
      (n) =>
        n === 1
          ? watchStream([
              { type: 'MODIFIED', object: deploymentJson('weather', 2, 1, '11') },
              {
                type: 'BOOKMARK',
                object: { kind: 'Deployment', metadata: { resourceVersion: '15' } },
              },
            ])
          : watchStream([{ type: 'MODIFIED', object: deploymentJson('weather', 2, 2, '16') }])
    )
    server.use(handler)
    const seen = await collect('weather', 3)
    expect(seen.map((s) => s.readyReplicas)).toEqual([0, 1, 2])
    expect(calls.versions.slice(0, 2)).toEqual(['10', '15'])
    expect(calls.lists).toBe(1)
  })

  it('relists after 410 Gone and goes on from the new resourceVersion', async () => {
    const { calls, handler } = deploymentsListWatch(
      (n) => deploymentList([deploymentJson('weather', 1, 0)], n === 1 ? '5' : '90'),
      (n) =>
        n === 1
          ? watchStream([{ type: 'ERROR', object: statusJson(410, 'Expired') }])
          : watchStream([{ type: 'MODIFIED', object: deploymentJson('weather', 1, 1, '91') }])
    )
    server.use(handler)
    const seen = await collect('weather', 3)
    expect(calls.lists).toBe(2)
    expect(calls.versions.slice(0, 2)).toEqual(['5', '90'])
    expect(seen.at(-1)?.readyReplicas).toBe(1)
  })

  it('ends with not-found when the Deployment is deleted or loses its MCP label', async () => {
    const { handler } = deploymentsListWatch(weatherStarting, () =>
      watchStream([{ type: 'DELETED', object: deploymentJson('weather', 1, 0) }])
    )
    server.use(handler)
    await expect(collect('weather', 5)).rejects.toMatchObject({ kind: 'not-found' })
  })

  // A wait must outlast an API server restart: only its own deadline (the signal) ends it.
  it('keeps reconnecting while the API server is unavailable, then goes on', async () => {
    const { calls, handler } = deploymentsListWatch(weatherStarting, (n) =>
      n <= 8
        ? HttpResponse.error()
        : watchStream([{ type: 'MODIFIED', object: deploymentJson('weather', 1, 1, '101') }])
    )
    server.use(handler)
    const seen = await collect('weather', 2)
    expect(seen.map((s) => s.readyReplicas)).toEqual([0, 1])
    expect(calls.versions).toHaveLength(9)
  })

  it('ends only when its signal aborts while the API server keeps failing', async () => {
    const { calls, handler } = deploymentsListWatch(weatherStarting, () =>
      HttpResponse.json(statusJson(503, 'Unavailable'), { status: 503 })
    )
    server.use(handler)
    const deadline = new AbortController()
    const seen: DeploymentSnapshot[] = []
    const watching = (async () => {
      for await (const snapshot of testBackend().watchServer('weather', deadline.signal))
        seen.push(snapshot)
    })()
    await vi.waitUntil(() => calls.versions.length > 10)
    deadline.abort(new Error('deadline'))
    await expect(watching).rejects.toThrow('deadline')
    expect(seen).toHaveLength(1)
  })
})
