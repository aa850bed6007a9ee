import { http, HttpResponse } from 'msw'
import { describe, expect, it, vi } from 'vitest'
import {
  deploymentJson,
  isWatch,
  listedDeployments,
  listJson,
  recordedPerTest,
  serviceJson,
  SERVICES,
  statusJson,
  testBackend,
  useMswServer,
} from './msw-fixtures.ts'

const server = useMswServer()

/** Every Services request, as 'list' or 'watch@<resourceVersion>'. */
const serviceRequests = recordedPerTest<string>()
server.events.on('request:start', ({ request }) => {
  const url = new URL(request.url)
  if (!url.pathname.endsWith('/services')) return
  const watch = isWatch(request)
  serviceRequests.push(watch ? `watch@${url.searchParams.get('resourceVersion')}` : 'list')
})

/** Watch streams the test writes events into (the latest one), and can break. */
function openWatch() {
  let writer: ReadableStreamDefaultController<Uint8Array> | undefined
  const bytes = (text: string) => new TextEncoder().encode(text)
  return {
    // A first newline, as a quiet watch sends: the fetch resolves once bytes arrive.
    response: () =>
      new HttpResponse(
        new ReadableStream<Uint8Array>({
          start: (c) => void (writer = c).enqueue(bytes('\n')),
        })
      ),
    send: (event: unknown) => writer?.enqueue(bytes(JSON.stringify(event) + '\n')),
    break: () => writer?.error(new Error('connection reset')),
  }
}

/** Reads until one is answered without a Services request: the watch is then connected. */
async function untilFollowing(backend: ReturnType<typeof testBackend>): Promise<void> {
  await vi.waitUntil(async () => {
    const before = serviceRequests.length
    await backend.getServer('weather')
    return serviceRequests.length === before
  })
}

function followingBackend(signal: AbortSignal) {
  return testBackend({ followServices: signal })
}

function serveDeploymentAndServices(watch: { response: () => Response }) {
  server.use(
    listedDeployments([deploymentJson('weather', 1)]),
    http.get(SERVICES, ({ request }) =>
      isWatch(request)
        ? watch.response()
        : HttpResponse.json(listJson('ServiceList', [serviceJson('weather', '10.96.0.1')], '7'))
    )
  )
}

describe('followed Services (followServices)', () => {
  it('lists nothing before the first read', async () => {
    const controller = new AbortController()
    followingBackend(controller.signal)
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(serviceRequests).toEqual([])
    controller.abort()
  })

  it('lists once on the first read, then reads Services from the watch it starts from that list', async () => {
    const controller = new AbortController()
    const watch = openWatch()
    serveDeploymentAndServices(watch)
    const backend = followingBackend(controller.signal)

    const first = await backend.getServer('weather')
    expect(first.services.map((s) => s.name)).toEqual(['weather'])
    await vi.waitUntil(() => serviceRequests.includes('watch@7'))
    // One LIST for the read and the watch together.
    expect(serviceRequests).toEqual(['list', 'watch@7'])
    await untilFollowing(backend)
    const requestsSoFar = serviceRequests.length

    // A Service named otherwise that selects the server, added and then deleted by another client.
    const admin = serviceJson('weather-admin', '10.96.0.2')
    admin.spec.selector = { app: 'weather' }
    const at = (resourceVersion: string) => ({
      ...admin,
      metadata: { ...admin.metadata, resourceVersion },
    })
    watch.send({ type: 'ADDED', object: at('8') })
    await vi.waitUntil(async () => (await backend.getServer('weather')).services.length === 2)
    const later = await backend.getServer('weather')
    expect(later.services.map((s) => s.name)).toEqual(['weather', 'weather-admin'])
    watch.send({ type: 'DELETED', object: at('9') })
    await vi.waitUntil(async () => (await backend.getServer('weather')).services.length === 1)
    expect(serviceRequests).toHaveLength(requestsSoFar)
    controller.abort()
  })

  it('lists again on each read while the watch is broken', async () => {
    const controller = new AbortController()
    const watch = openWatch()
    serveDeploymentAndServices(watch)
    const backend = testBackend({
      followServices: controller.signal,
      watchTuning: { backoffMs: 60_000, maxBackoffMs: 60_000 },
    })
    await backend.getServer('weather')
    await untilFollowing(backend)

    const lists = () => serviceRequests.filter((r) => r === 'list').length
    // The watch breaks and the API server refuses the next ones, for a minute (the backoff).
    server.use(
      http.get(SERVICES, ({ request }) =>
        isWatch(request)
          ? HttpResponse.json(statusJson(503, 'Unavailable'), { status: 503 })
          : HttpResponse.json(listJson('ServiceList', [serviceJson('weather', '10.96.0.1')], '7'))
      )
    )
    watch.break()
    // Meanwhile each read lists.
    await vi.waitUntil(async () => {
      const before = lists()
      await backend.getServer('weather')
      return lists() === before + 1
    })
    const before = lists()
    await backend.getServer('weather')
    await backend.getServer('weather')
    expect(lists()).toBe(before + 2)
    controller.abort()
  })

  it('stops watching when its signal aborts', async () => {
    const controller = new AbortController()
    const watch = openWatch()
    serveDeploymentAndServices(watch)
    let watchAborted = false
    server.use(
      http.get(SERVICES, ({ request }) => {
        if (!isWatch(request)) return HttpResponse.json(listJson('ServiceList', [], '7'))
        request.signal.addEventListener('abort', () => (watchAborted = true))
        return watch.response()
      })
    )
    const backend = followingBackend(controller.signal)
    await untilFollowing(backend)
    controller.abort()
    await vi.waitUntil(() => watchAborted)
    // Not connected any more: a read lists for itself.
    await backend.getServer('weather')
    expect(serviceRequests.at(-1)).toBe('list')
  })
})
