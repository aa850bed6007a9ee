import { getEventListeners } from 'node:events'
import type { V1Deployment } from '@kubernetes/client-node'
import { http, HttpResponse } from 'msw'
import { describe, expect, it, vi } from 'vitest'
import { listWatch, type ListWatchStep } from './list-watch.ts'
import {
  deploymentJson,
  deploymentList,
  DEPLOYMENTS,
  isWatch,
  statusJson,
  testContext,
  useMswServer,
} from './msw-fixtures.ts'
import { deploymentsKind } from './watched-kinds.ts'

const server = useMswServer()

const ctx = testContext()
const tuning = { requestSeconds: 5, maxFailures: 2, backoffMs: 1, maxBackoffMs: 4 }

/** A watch body the test writes lines into and ends, and that records being cancelled. */
function openStream(lines: unknown[] = []) {
  const bytes = (text: string) => new TextEncoder().encode(text)
  let controller!: ReadableStreamDefaultController<Uint8Array>
  const stream = {
    cancelled: false,
    response: (status = 200) =>
      new HttpResponse(
        new ReadableStream<Uint8Array>({
          start(c) {
            controller = c
            c.enqueue(bytes('\n'))
            for (const line of lines) c.enqueue(bytes(JSON.stringify(line) + '\n'))
          },
          cancel: () => void (stream.cancelled = true),
        }),
        { status }
      ),
    end: () => controller.close(),
  }
  return stream
}

/**
 * Plays the API server for the MCP Deployments: the n-th LIST holds Deployment `a` at the n-th
 * of `listVersions` (the last one after that), the n-th watch is answered by `watch(n)`.
 */
function serveDeployments(listVersions: string[], watch: (n: number) => Response) {
  const asked = { lists: 0, watchedFrom: [] as (string | null)[] }
  server.use(
    http.get(DEPLOYMENTS, ({ request }) => {
      if (!isWatch(request)) {
        const version = listVersions[Math.min(asked.lists++, listVersions.length - 1)]!
        const items = [deploymentJson('a', 1, 1, version)]
        return deploymentList(items, version)
      }
      asked.watchedFrom.push(new URL(request.url).searchParams.get('resourceVersion'))
      return watch(asked.watchedFrom.length)
    })
  )
  return asked
}

/** Each step the loop sees, short-handed: 'list:a@7', 'MODIFIED:a@8', 'connected', 'failed'. */
function describeStep(step: ListWatchStep<V1Deployment>): string {
  const named = (d: V1Deployment) => `${d.metadata?.name}@${d.metadata?.resourceVersion}`
  if (step.type === 'list') return `list:${step.items.map(named).join(',')}`
  if (step.type === 'connected' || step.type === 'failed') return step.type
  return `${step.type}:${named(step.object)}`
}

/** Runs the loop over the MCP Deployments until `count` steps were seen, then aborts it. */
async function steps(count: number) {
  const seen: string[] = []
  const stop = new AbortController()
  const loop = listWatch(ctx, deploymentsKind(ctx), describeStep, stop.signal, {
    tuning,
    giveUp: 'after-max-failures',
  })
  for await (const step of loop) {
    seen.push(step)
    if (seen.length === count) stop.abort()
  }
  return seen
}

describe('listWatch', () => {
  it.each([
    // A 410 answer is refused before any event; an ERROR event comes on an answered stream.
    ['a 410 answer', 410, [statusJson(410, 'Expired')], ['list:a@5', 'list:a@90', 'connected']],
    [
      'a 410 ERROR event',
      200,
      [{ type: 'ERROR', object: statusJson(410, 'Expired') }],
      ['list:a@5', 'connected', 'list:a@90', 'connected'],
    ],
  ])(
    'lists again after %s, having cancelled its body, and watches from the new resourceVersion',
    async (_, status, lines, expected) => {
      const expiring = openStream(lines)
      let cancelledBeforeWatchingAgain = false
      const asked = serveDeployments(['5', '90'], (n) => {
        if (n === 1) return expiring.response(status)
        cancelledBeforeWatchingAgain = expiring.cancelled
        return openStream().response()
      })
      expect(await steps(expected.length)).toEqual(expected)
      expect(asked.watchedFrom).toEqual(['5', '90'])
      expect(cancelledBeforeWatchingAgain, 'the expired body was cancelled').toBe(true)
    }
  )

  it('resumes a stream that ended from the last resourceVersion seen, a bookmark included, without listing again', async () => {
    const first = openStream([
      { type: 'MODIFIED', object: deploymentJson('a', 2, 1, '11') },
      { type: 'BOOKMARK', object: { kind: 'Deployment', metadata: { resourceVersion: '15' } } },
    ])
    const asked = serveDeployments(['10'], (n) =>
      n === 1
        ? first.response()
        : openStream([{ type: 'DELETED', object: deploymentJson('a', 2, 2, '16') }]).response()
    )
    const seen: string[] = []
    const stop = new AbortController()
    const loop = listWatch(ctx, deploymentsKind(ctx), describeStep, stop.signal, {
      tuning,
      giveUp: 'after-max-failures',
    })[Symbol.asyncIterator]()
    const next = async () => seen.push((await loop.next()).value as string)
    for (let i = 0; i < 3; i++) await next()
    first.end() // after the bookmark, the server ends the stream
    for (let i = 0; i < 2; i++) await next()
    stop.abort()
    await loop.return?.(undefined)
    expect(seen).toEqual(['list:a@10', 'connected', 'MODIFIED:a@11', 'connected', 'DELETED:a@16'])
    expect(asked.watchedFrom).toEqual(['10', '15'])
    expect(asked.lists).toBe(1)
  })

  it('leaves no abort listener behind its pauses, and on abort cancels the open stream and ends', async () => {
    const open = openStream()
    serveDeployments(['3'], (n) =>
      n <= 20 ? HttpResponse.json(statusJson(503, 'Down'), { status: 503 }) : open.response()
    )
    const stop = new AbortController()
    const seen: string[] = []
    const loop = (async () => {
      for await (const step of listWatch(ctx, deploymentsKind(ctx), describeStep, stop.signal, {
        tuning,
        giveUp: 'never',
      }))
        seen.push(step)
    })()
    await vi.waitUntil(() => seen.at(-1) === 'connected')
    expect(seen.filter((s) => s === 'failed')).toHaveLength(20)
    // Only the open request's own listener (fetch's) is left on the signal, not one per pause.
    expect(getEventListeners(stop.signal, 'abort').length).toBeLessThanOrEqual(2)
    stop.abort()
    await loop
    await vi.waitUntil(() => open.cancelled)
    expect(getEventListeners(stop.signal, 'abort')).toHaveLength(0)
  })
})
