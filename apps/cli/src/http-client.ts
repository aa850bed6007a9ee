import {
  byName,
  DEFAULT_TIMEOUT_SECONDS,
  LifecycleError,
  serverListSchema,
  serverStatusViewSchema,
  serverSummarySchema,
  type ServerSummary,
} from '@mcp-lifecycle/core'
import * as v from 'valibot'
import { setTimeout as sleep } from 'node:timers/promises'
import type { CallOptions, Client, ServerList } from './client.ts'
import { fromProblem } from './from-problem.ts'
import { readServerSentEvents } from './read-server-events.ts'

export type FetchFn = typeof globalThis.fetch

export interface HttpClientOptions {
  /** The manager's base URL; the API's routes are resolved against it. */
  url: string
  /** Sent as `Authorization: Bearer <token>`. */
  token?: string
  fetch?: FetchFn
  /** How often `watch` asks for the list of a manager that has no change stream. */
  pollIntervalMs?: number
  /** The first pause before `watch` reconnects; doubled after each failure, up to 30 s. */
  retryDelayMs?: number
}

// How long a call that does not wait for readiness may take.
const CALL_SECONDS = 60
// A wait answers by its own timeout (504); give the answer this long to arrive after it.
const GRACE_SECONDS = 30
// The change stream sends a heartbeat every 15 s: this long without a byte, it is dead.
const STREAM_IDLE_SECONDS = 45
const MAX_RETRY_DELAY_MS = 30_000
// Failures worth reconnecting after; any other (401, 403, 400, a body of another shape) ends it.
const TRANSIENT = new Set(['unavailable', 'timeout', 'rate-limited'])

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
  const retryDelayMs = options.retryDelayMs ?? 1000

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
    // GET /servers?watch=true, reconnected with backoff; a manager without the stream answers
    // the plain list, which is then asked for again every pollIntervalMs.
    async *watch(signal) {
      let failures = 0
      for (;;) {
        let polled = false
        try {
          for await (const list of followChanges(signal, () => (polled = true))) {
            failures = 0
            yield list
          }
        } catch (error) {
          if (signal.aborted) throw signal.reason
          if (!(error instanceof LifecycleError) || !TRANSIENT.has(error.kind)) throw error
          failures++
        }
        const backoff = Math.min(retryDelayMs * 2 ** Math.max(failures - 1, 0), MAX_RETRY_DELAY_MS)
        await sleep(polled ? pollIntervalMs : backoff, undefined, { signal })
      }
    },
  }

  /** One connection to the change stream: the list after each event, until the stream ends. */
  async function* followChanges(signal: AbortSignal, onPlainList: () => void) {
    const connection = new AbortController()
    const stalled = (seconds: number) =>
      connection.abort(
        new LifecycleError('unavailable', `${target} sent nothing for ${seconds}s; reconnecting.`)
      )
    let idle = setTimeout(() => stalled(CALL_SECONDS), CALL_SECONDS * 1000)
    const alive = () => {
      clearTimeout(idle)
      idle = setTimeout(() => stalled(STREAM_IDLE_SECONDS), STREAM_IDLE_SECONDS * 1000)
    }
    try {
      const response = await fetchFn(new URL('servers?watch=true', base), {
        headers: { ...headers(false), accept: 'text/event-stream, application/problem+json' },
        signal: AbortSignal.any([signal, connection.signal]),
      })
      if (!response.ok) throw fromProblem(response.status, parseJson(await response.text()), target)
      if (!response.headers.get('content-type')?.startsWith('text/event-stream')) {
        onPlainList()
        yield checkAnswer(serverListSchema, parseJson(await response.text()), `${target} answered`)
        return
      }
      const servers = new Map<string, ServerSummary>()
      for await (const { event, data } of readServerSentEvents(response.body!, alive)) {
        if (!applyChange(servers, event, parseJson(data))) continue
        yield { servers: [...servers.values()].sort(byName) }
      }
    } catch (error) {
      if (signal.aborted) throw signal.reason
      if (connection.signal.aborted) throw connection.signal.reason
      if (error instanceof LifecycleError) throw error
      throw new LifecycleError('unavailable', `Cannot reach ${target}: ${describe(error)}`, {
        cause: error,
      })
    } finally {
      clearTimeout(idle)
      connection.abort()
    }
  }

  /** Applies one event of the stream to the list; false for events that change nothing. */
  function applyChange(servers: Map<string, ServerSummary>, event: string, data: unknown) {
    const source = `${target} sent a '${event}' event`
    if (event === 'list') {
      servers.clear()
      for (const server of checkAnswer(serverListSchema, data, source).servers)
        servers.set(server.name, server)
    } else if (event === 'server') {
      const server = checkAnswer(serverSummarySchema, data, source)
      servers.set(server.name, server)
    } else if (event === 'removed') {
      servers.delete((data as { name?: string } | undefined)?.name ?? '')
    } else if (event === 'error') {
      const status = (data as { status?: number } | undefined)?.status ?? 500
      throw fromProblem(status, data, target)
    } else {
      // An event a newer manager added: nothing this version shows.
      return false
    }
    return true
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
