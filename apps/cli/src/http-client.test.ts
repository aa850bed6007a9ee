import { LifecycleError } from '@mcp-lifecycle/core'
import { describe, expect, it } from 'vitest'
import { takeFirst } from '@mcp-lifecycle/core/testing'
import type { Client } from './client.ts'
import { createHttpClient, type FetchFn } from './http-client.ts'

const view = {
  name: 'weather',
  status: 'running',
  replicas: 1,
  ready_replicas: 1,
  endpoints: [],
  available_replicas: 1,
  updated_replicas: 1,
  last_activity: null,
  conditions: [],
}

function fakeManager(answer: (request: Request) => Response) {
  const requests: Request[] = []
  const fetch: FetchFn = async (input, init) => {
    const request = new Request(input, init)
    requests.push(request.clone())
    return answer(request)
  }
  return { requests, fetch }
}

describe('createHttpClient', () => {
  it('posts only the given body, with the bearer token and dry_run, under the base path', async () => {
    const manager = fakeManager(() => Response.json(view))
    const client = createHttpClient({ url: 'http://m/api', token: 't0k', fetch: manager.fetch })
    await client.scale('weather', { replicas: 2 }, { dryRun: true })
    const [request] = manager.requests
    expect(request?.url).toBe('http://m/api/servers/weather/scale?dry_run=true')
    expect(request?.headers.get('authorization')).toBe('Bearer t0k')
    expect(request?.headers.get('content-type')).toBe('application/json')
    expect(await request?.json()).toEqual({ replicas: 2 })
  })

  it('answers the body as it came, keys unknown to this version included', async () => {
    const manager = fakeManager(() => Response.json({ ...view, extra: 1 }))
    const client = createHttpClient({ url: 'http://m', fetch: manager.fetch })
    expect(await client.status('weather')).toEqual({ ...view, extra: 1 })
  })

  it('turns a problem answer into the LifecycleError it describes', async () => {
    const problem = {
      type: 'https://mcp-lifecycle.dev/problems/not-found',
      title: 'x',
      status: 404,
      detail: 'gone',
    }
    const manager = fakeManager(() => Response.json(problem, { status: 404 }))
    const error = await createHttpClient({ url: 'http://m', fetch: manager.fetch })
      .status('weather')
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(LifecycleError)
    expect(error).toMatchObject({ kind: 'not-found', message: 'gone' })
  })

  it.each([
    ['<html>hello</html>', 'not JSON'],
    ['{"items": []}', 'servers: '],
  ])('refuses a body of another shape (%s), naming the mismatch', async (body, mismatch) => {
    const manager = fakeManager(() => new Response(body, { status: 200 }))
    const error = await createHttpClient({ url: 'http://m', fetch: manager.fetch })
      .list()
      .catch((e: unknown) => e)
    expect(error).toMatchObject({ kind: 'internal' })
    expect((error as Error).message).toContain(mismatch)
    expect((error as Error).message).toContain('is it an mcp-lifecycle manager?')
  })

  it('says what failed when the manager cannot be reached', async () => {
    const cause = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })
    const fetch: FetchFn = async () => {
      throw new TypeError('fetch failed', { cause })
    }
    const error = await createHttpClient({ url: 'http://m', fetch })
      .list()
      .catch((e: unknown) => e)
    expect(error).toMatchObject({
      kind: 'unavailable',
      message: 'Cannot reach http://m/: ECONNREFUSED',
    })
  })

  it("rethrows the caller's abort (Ctrl-C) as it is", async () => {
    const fetch: FetchFn = (_input, init) =>
      new Promise((_resolve, reject) =>
        init?.signal?.addEventListener('abort', () => reject(init.signal?.reason))
      )
    const controller = new AbortController()
    const call = createHttpClient({ url: 'http://m', fetch }).start(
      'weather',
      {},
      { signal: controller.signal }
    )
    controller.abort()
    await expect(call).rejects.toMatchObject({ name: 'AbortError' })
  })

  it('watch polls a manager without the change stream at each interval', async () => {
    let count = 0
    const manager = fakeManager(() => Response.json({ servers: [{ ...view, replicas: ++count }] }))
    const client = createHttpClient({ url: 'http://m', fetch: manager.fetch, pollIntervalMs: 1 })
    expect(await watchReplicas(client, 3)).toEqual([[1], [2], [3]])
    expect(new URL(manager.requests[0]!.url).search).toBe('?watch=true')
  })

  it('watch follows the change stream: the list, then the list with each change applied', async () => {
    const manager = fakeManager(() =>
      eventStream([
        ': heartbeat\n\n',
        sse('list', { servers: [summary('b', 0), summary('a', 1)] }),
        sse('server', summary('b', 2)),
        sse('hint', { some: 'newer event' }),
        sse('removed', { name: 'a' }),
      ])
    )
    const client = createHttpClient({ url: 'http://m', token: 't', fetch: manager.fetch })
    expect(await watchReplicas(client, 3)).toEqual([[1, 0], [1, 2], [2]])
    expect(manager.requests[0]?.headers.get('authorization')).toBe('Bearer t')
  })

  it('watch reconnects after the stream ends, the manager is unreachable or answers 503', async () => {
    let connections = 0
    const fetch: FetchFn = async () => {
      connections++
      if (connections === 2) throw new TypeError('fetch failed')
      if (connections === 3) return Response.json({ status: 503 }, { status: 503 })
      return eventStream([sse('list', { servers: [summary('a', connections)] })])
    }
    const client = createHttpClient({ url: 'http://m', fetch, retryDelayMs: 1 })
    expect(await watchReplicas(client, 2)).toEqual([[1], [4]])
  })

  it('watch ends on a refusal without reconnecting', async () => {
    const manager = fakeManager(() =>
      Response.json(
        { type: 'https://mcp-lifecycle.dev/problems/unauthorized', status: 401, detail: 'no' },
        { status: 401 }
      )
    )
    const client = createHttpClient({ url: 'http://m', fetch: manager.fetch, retryDelayMs: 1 })
    await expect(watchReplicas(client, 1)).rejects.toMatchObject({ kind: 'unauthorized' })
    expect(manager.requests).toHaveLength(1)
  })
})

function summary(name: string, replicas: number) {
  return { name, status: 'running', replicas, ready_replicas: replicas, endpoints: [] }
}

function sse(event: string, data: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`
}

/** A text/event-stream answer sending `chunks`, then ending (as a dropped stream). */
function eventStream(chunks: string[]): Response {
  const encoder = new TextEncoder()
  const body = new ReadableStream({
    start(stream) {
      for (const chunk of chunks) stream.enqueue(encoder.encode(chunk))
      stream.close()
    },
  })
  return new Response(body, { headers: { 'content-type': 'text/event-stream' } })
}

/** The replicas of each list `watch` yields, until `count` lists; then Ctrl-C. */
async function watchReplicas(client: Client, count: number): Promise<number[][]> {
  const lists = await takeFirst(count, (signal) => client.watch(signal))
  return lists.map(({ servers }) => servers.map((s) => s.replicas))
}

describe('createHttpClient in a namespace', () => {
  it('sends every call to /namespaces/{namespace}/..., and -A to all_namespaces', async () => {
    const manager = fakeManager((request) =>
      new URL(request.url).pathname.endsWith('/servers')
        ? Response.json({ servers: [] })
        : Response.json(view)
    )
    const client = createHttpClient({ url: 'http://m/', namespace: 'team-a', fetch: manager.fetch })
    await client.list()
    await client.status('weather')
    await client.scale('weather', { replicas: 1 })
    await client.list(undefined, true)
    expect(manager.requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      'GET http://m/namespaces/team-a/servers',
      'GET http://m/namespaces/team-a/servers/weather',
      'POST http://m/namespaces/team-a/servers/weather/scale',
      'GET http://m/servers?all_namespaces=true',
    ])
  })
})
