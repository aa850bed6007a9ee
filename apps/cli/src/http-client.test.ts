import { LifecycleError } from '@mcp-lifecycle/core'
import { describe, expect, it } from 'vitest'
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

  it('watch asks for the list again at each interval until the signal aborts', async () => {
    let count = 0
    const manager = fakeManager(() => Response.json({ servers: [{ ...view, replicas: ++count }] }))
    const client = createHttpClient({ url: 'http://m', fetch: manager.fetch, pollIntervalMs: 1 })
    const controller = new AbortController()
    const seen: number[] = []
    await expect(
      (async () => {
        for await (const { servers } of client.watch(controller.signal)) {
          seen.push(servers[0]!.replicas)
          if (seen.length === 3) controller.abort()
        }
      })()
    ).rejects.toMatchObject({ name: 'AbortError' })
    expect(seen).toEqual([1, 2, 3])
  })
})
