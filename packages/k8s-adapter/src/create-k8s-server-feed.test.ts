import { createCachedBackend, type FeedEvent } from '@mcp-lifecycle/core'
import { http, HttpResponse } from 'msw'
import { describe, expect, it, vi } from 'vitest'
import { createK8sServerFeed, type K8sServerFeedOptions } from './create-k8s-server-feed.ts'
import {
  deploymentJson,
  deploymentList,
  DEPLOYMENTS,
  deploymentsListWatch,
  isWatch,
  listJson,
  NAMESPACE,
  SELECTOR,
  serviceJson,
  SERVICES,
  statusJson,
  testBackend,
  testConnection,
  useMswServer,
  watchStream,
} from './msw-fixtures.ts'

const server = useMswServer()

function testFeed(options: Partial<K8sServerFeedOptions> = {}) {
  return createK8sServerFeed({
    ...testConnection(),
    watchTuning: { requestSeconds: 5, backoffMs: 1, maxBackoffMs: 4 },
    ...options,
  })
}

/** A watch that stays open with nothing to say, as on a quiet namespace. */
function quietWatch(): Response {
  const newline = new TextEncoder().encode('\n')
  return new HttpResponse(new ReadableStream({ start: (stream) => stream.enqueue(newline) }))
}

/** The Deployment feed's events, short-handed, until `count` were seen. */
async function collect(count: number): Promise<string[]> {
  const controller = new AbortController()
  const seen: string[] = []
  for await (const event of testFeed().deployments(controller.signal)) {
    seen.push(describeEvent(event))
    if (seen.length === count) controller.abort()
  }
  return seen
}

function describeEvent(event: FeedEvent<{ name: string; desiredReplicas?: number }>): string {
  if (event.type === 'list')
    return `list:${event.items.map((i) => `${i.object.name}=${i.object.desiredReplicas}`)}`
  if (event.type === 'upsert' || event.type === 'delete')
    return `${event.type}:${event.item.namespace}/${event.item.object.name}=${event.item.object.desiredReplicas}`
  return event.type
}

describe('createK8sServerFeed', () => {
  it('lists MCP Deployments by label, then watches from the list resourceVersion with bookmarks', async () => {
    const watches: URL[] = []
    server.use(
      http.get(DEPLOYMENTS, ({ request }) => {
        const url = new URL(request.url)
        if (!isWatch(request)) {
          expect(url.searchParams.get('labelSelector')).toBe(SELECTOR)
          return deploymentList([deploymentJson('a', 1)], '7')
        }
        watches.push(url)
        return watchStream([{ type: 'MODIFIED', object: deploymentJson('a', 2, 2, '8') }])
      })
    )
    expect(await collect(3)).toEqual(['list:a=1', 'connected', 'upsert:mcp/a=2'])
    expect(watches[0]?.searchParams.get('resourceVersion')).toBe('7')
    expect(watches[0]?.searchParams.get('labelSelector')).toBe(SELECTOR)
    expect(watches[0]?.searchParams.get('allowWatchBookmarks')).toBe('true')
  })

  it('lists in pages and keeps in the cache only what the system reads: no managedFields, no foreign annotations', async () => {
    // As kubectl apply leaves a Deployment: its managedFields and a copy of the whole manifest.
    const applied = (name: string, replicas: number, resourceVersion?: string) => {
      const d = deploymentJson(name, replicas, replicas, resourceVersion)
      const manifest = JSON.stringify(d)
      return {
        ...d,
        metadata: {
          ...d.metadata,
          annotations: {
            'kubectl.kubernetes.io/last-applied-configuration': manifest,
            'mcp-lifecycle/idle-timeout': '15m',
          },
          managedFields: [{ manager: 'kubectl', operation: 'Apply', fieldsV1: { f: manifest } }],
        },
      }
    }
    const pages: (string | null)[][] = []
    let kept: unknown
    server.use(
      http.get(DEPLOYMENTS, ({ request }) => {
        const query = new URL(request.url).searchParams
        if (isWatch(request)) return quietWatch()
        pages.push([query.get('limit'), query.get('continue')])
        const page = query.get('continue')
          ? { ...listJson('DeploymentList', [applied('b', 0)], '7') }
          : {
              ...listJson('DeploymentList', [applied('a', 1)], '7'),
              metadata: { resourceVersion: '7', continue: 'next' },
            }
        return HttpResponse.json(page)
      })
    )
    const controller = new AbortController()
    for await (const event of testFeed().deployments(controller.signal)) {
      if (event.type === 'list') kept = event.items.map((i) => i.object)
      controller.abort()
    }
    expect(pages).toEqual([
      ['500', null],
      ['500', 'next'],
    ])
    expect(kept).toMatchObject([
      { name: 'a', annotations: { 'mcp-lifecycle/idle-timeout': '15m' } },
      { name: 'b', annotations: { 'mcp-lifecycle/idle-timeout': '15m' } },
    ])
    const text = JSON.stringify(kept)
    expect(text).not.toContain('last-applied-configuration')
    expect(text).not.toContain('managedFields')
    expect(text).not.toContain('kubectl')
  })

  it('resumes a stream that ended from the last resourceVersion seen, bookmarks included, without listing again', async () => {
    const { calls, handler } = deploymentsListWatch(
      () => deploymentList([deploymentJson('a', 1)], '10'),
      (n) =>
        n > 1
          ? quietWatch()
          : watchStream([
              { type: 'ADDED', object: deploymentJson('b', 0, 0, '11') },
              {
                type: 'BOOKMARK',
                object: { kind: 'Deployment', metadata: { resourceVersion: '15' } },
              },
            ])
    )
    server.use(handler)
    const seen = await collect(4)
    expect(seen).toEqual(['list:a=1', 'connected', 'upsert:mcp/b=0', 'connected'])
    expect(calls.versions).toEqual(['10', '15'])
    expect(calls.lists).toBe(1)
  })

  it.each([
    // The stream was answered (connected) before its ERROR event; a 410 answer was not.
    [
      'an ERROR event',
      4,
      () => watchStream([{ type: 'ERROR', object: statusJson(410, 'Expired') }]),
    ],
    ['a 410 answer', 3, () => HttpResponse.json(statusJson(410, 'Expired'), { status: 410 })],
  ])(
    'lists again after 410 Gone (%s) and watches from the new resourceVersion',
    async (_, events, gone) => {
      const { calls, handler } = deploymentsListWatch(
        (n) => {
          const items = n === 1 ? [deploymentJson('a', 1)] : [deploymentJson('b', 2)]
          return deploymentList(items, n === 1 ? '5' : '90')
        },
        (n) => (n === 1 ? gone() : quietWatch())
      )
      server.use(handler)
      const seen = await collect(events)
      expect(seen.at(-1)).toBe('connected')
      expect(seen.filter((e) => e.startsWith('list'))).toEqual(['list:a=1', 'list:b=2'])
      expect(calls.versions).toEqual(['5', '90'])
    }
  )

  it('reports each failure and keeps retrying until the API server answers again', async () => {
    let watches = 0
    server.use(
      http.get(DEPLOYMENTS, ({ request }) => {
        if (!isWatch(request)) return deploymentList([deploymentJson('a', 1)], '3')
        if (++watches <= 6) return HttpResponse.json(statusJson(503, 'Down'), { status: 503 })
        return quietWatch()
      })
    )
    const seen = await collect(8)
    expect(seen).toEqual(['list:a=1', ...Array(6).fill('failed'), 'connected'])
  })

  it('follows every Service of the namespace, without a label selector', async () => {
    const selectors: (string | null)[] = []
    server.use(
      http.get(SERVICES, ({ request }) => {
        selectors.push(new URL(request.url).searchParams.get('labelSelector'))
        if (!isWatch(request))
          return HttpResponse.json(listJson('ServiceList', [serviceJson('a', '10.0.0.1')], '4'))
        return watchStream([{ type: 'DELETED', object: serviceJson('a', '10.0.0.1') }])
      })
    )
    const controller = new AbortController()
    const seen: string[] = []
    for await (const event of testFeed().services(controller.signal)) {
      seen.push(event.type === 'list' ? `list:${event.items.length}` : event.type)
      if (seen.length === 3) controller.abort()
    }
    expect(seen).toEqual(['list:1', 'connected', 'delete'])
    expect(selectors).toEqual([null, null])
  })
})

describe('a cached backend over the feed', () => {
  it('answers reads with no API request once synced', async () => {
    server.use(
      http.get(DEPLOYMENTS, ({ request }) =>
        isWatch(request) ? quietWatch() : deploymentList([deploymentJson('a', 1)], '3')
      ),
      http.get(SERVICES, ({ request }) =>
        isWatch(request)
          ? quietWatch()
          : HttpResponse.json(listJson('ServiceList', [serviceJson('a', '10.0.0.1')], '4'))
      )
    )
    const requests: string[] = []
    const observeRequest = (r: { verb: string }) => requests.push(r.verb)
    const controller = new AbortController()
    const backend = createCachedBackend(
      testBackend({ observeRequest }),
      testFeed({ observeRequest }),
      { namespace: NAMESPACE, signal: controller.signal }
    )
    await backend.synced
    await vi.waitUntil(() => requests.filter((v) => v === 'watch').length === 2)
    requests.length = 0
    for (let i = 0; i < 20; i++) {
      await backend.listServers()
      expect((await backend.getServer('a')).services).toHaveLength(1)
    }
    await expect(backend.getServer('b')).rejects.toMatchObject({ kind: 'not-found' })
    expect(requests).toEqual([])
    controller.abort()
  })
})
