import {
  DEFAULT_TIMEOUT_SECONDS,
  LifecycleError,
  serverListSchema,
  serverStatusViewSchema,
} from '@mcp-lifecycle/core'
import * as v from 'valibot'
import { setTimeout as sleep } from 'node:timers/promises'
import type { CallOptions, Client } from './client.ts'
import { fromProblem } from './from-problem.ts'

export type FetchFn = typeof globalThis.fetch

export interface HttpClientOptions {
  /** The manager's base URL; the API's routes are resolved against it. */
  url: string
  /** Sent as `Authorization: Bearer <token>`. */
  token?: string
  fetch?: FetchFn
  /** How often `watch` asks for the list: the API has no change stream. */
  pollIntervalMs?: number
}

// How long a call that does not wait for readiness may take.
const CALL_SECONDS = 60
// A wait answers by its own timeout (504); give the answer this long to arrive after it.
const GRACE_SECONDS = 30

interface RequestOptions {
  body?: unknown
  call?: CallOptions
  /** The wait the server was asked for, in seconds, if any. */
  waitSeconds?: number
}

/** A Client over a running manager's HTTP API: the same routes and JSON as `curl` would use. */
export function createHttpClient(options: HttpClientOptions): Client {
  const base = new URL(options.url.endsWith('/') ? options.url : `${options.url}/`)
  const target = base.href
  const fetchFn = options.fetch ?? defaultFetch()
  const pollIntervalMs = options.pollIntervalMs ?? 2000

  async function request<Schema extends v.GenericSchema>(
    method: 'GET' | 'POST',
    path: string,
    schema: Schema,
    req: RequestOptions = {}
  ): Promise<v.InferOutput<Schema>> {
    const url = new URL(path, base)
    if (req.call?.dryRun) url.searchParams.set('dry_run', 'true')
    const seconds = req.waitSeconds === undefined ? CALL_SECONDS : req.waitSeconds + GRACE_SECONDS
    const deadline = AbortSignal.timeout(seconds * 1000)
    const signal = req.call?.signal ? AbortSignal.any([deadline, req.call.signal]) : deadline
    let response: Response
    let text: string
    try {
      const body = req.body === undefined ? null : JSON.stringify(req.body)
      response = await fetchFn(url, { method, headers: headers(body !== null), body, signal })
      text = await response.text()
    } catch (error) {
      if (req.call?.signal?.aborted) throw req.call.signal.reason
      if (deadline.aborted) {
        throw new LifecycleError('timeout', `${target} did not answer within ${seconds}s.`)
      }
      throw new LifecycleError('unavailable', `Cannot reach ${target}: ${describe(error)}`, {
        cause: error,
      })
    }
    const answer = parseJson(text)
    if (!response.ok) throw fromProblem(response.status, answer, target)
    return checkAnswer(schema, answer, `${target} answered ${path}`)
  }

  function headers(withBody: boolean): Record<string, string> {
    return {
      accept: 'application/json, application/problem+json',
      ...(withBody && { 'content-type': 'application/json' }),
      ...(options.token && { authorization: `Bearer ${options.token}` }),
    }
  }

  const server = (name: string, action?: string) =>
    `servers/${encodeURIComponent(name)}${action ? `/${action}` : ''}`

  return {
    target,
    list: (call) => request('GET', 'servers', serverListSchema, { call }),
    status: (name, call) => request('GET', server(name), serverStatusViewSchema, { call }),
    // A body without wait_ready waits by default on start, not on scale (the API's defaults).
    start: (name, body, call) =>
      request('POST', server(name, 'start'), serverStatusViewSchema, {
        body,
        call,
        ...(body.wait_ready !== false && { waitSeconds: waitOf(body) }),
      }),
    stop: (name, body, call) =>
      request('POST', server(name, 'stop'), serverStatusViewSchema, { body, call }),
    scale: (name, body, call) =>
      request('POST', server(name, 'scale'), serverStatusViewSchema, {
        body,
        call,
        ...(body.wait_ready === true && { waitSeconds: waitOf(body) }),
      }),
    async *watch(signal) {
      for (;;) {
        yield await request('GET', 'servers', serverListSchema, { call: { signal } })
        await sleep(pollIntervalMs, undefined, { signal })
      }
    },
  }
}

// Node's global fetch gives up on a response whose headers take more than 300 s, shorter than
// the longest wait a manager allows; the deadlines above bound every call instead. undici is
// loaded on the first call only: it takes a moment, and most runs never need it.
function defaultFetch(): FetchFn {
  let patient: Promise<FetchFn> | undefined
  return async (input, init) => {
    patient ??= import('undici').then(({ Agent, fetch }) => {
      const dispatcher = new Agent({ headersTimeout: 0, bodyTimeout: 0 })
      return ((url: URL, options: RequestInit) =>
        fetch(url, { ...(options as object), dispatcher })) as unknown as FetchFn
    })
    return (await patient)(input, init)
  }
}

/**
 * Checked, not parsed: the answer is printed as it came, keys a newer manager adds included.
 * A body of another shape means --url points at something else, and says so.
 */
function checkAnswer<Schema extends v.GenericSchema>(
  schema: Schema,
  answer: unknown,
  source: string
): v.InferOutput<Schema> {
  const check = v.safeParse(schema, answer)
  if (check.success) return answer as v.InferOutput<Schema>
  const issue = check.issues[0]
  const what =
    answer === undefined ? 'not JSON' : `${v.getDotPath(issue) ?? 'body'}: ${issue.message}`
  throw new LifecycleError(
    'internal',
    `${source} with an unexpected body (${what}); is it an mcp-lifecycle manager?`
  )
}

/** The wait asked for; unsaid, the manager's default, which is at most ours. */
function waitOf(body: { timeout?: number }): number {
  return body.timeout ?? DEFAULT_TIMEOUT_SECONDS
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

/** `fetch failed` says nothing; its cause (ECONNREFUSED, ENOTFOUND) says what went wrong. */
function describe(error: unknown): string {
  const cause = error instanceof Error ? error.cause : undefined
  if (cause instanceof Error) return (cause as NodeJS.ErrnoException).code ?? cause.message
  return error instanceof Error ? error.message : String(error)
}
