import { LifecycleError } from '@mcp-lifecycle/core'
import * as v from 'valibot'
import type { CallOptions } from './client.ts'
import type { FetchFn } from './default-fetch.ts'
import { fromProblem } from './from-problem.ts'
import { checkAnswer, parseJson } from './read-answer.ts'

// How long a call that does not wait for readiness may take.
export const CALL_SECONDS = 60
// A wait answers by its own timeout (504); give the answer this long to arrive after it.
const GRACE_SECONDS = 30

export interface RequestOptions {
  body?: unknown
  call?: CallOptions
  /** The wait the server was asked for, in seconds, if any. */
  waitSeconds?: number
}

/** What the HTTP client's calls share: the manager's base URL, the token and the fetch. */
export interface ManagerConnection {
  base: URL
  /** The base URL as written in messages. */
  target: string
  fetchFn: FetchFn
  headers(withBody: boolean): Record<string, string>
  /** One call, bounded by a deadline, its answer checked against `schema`. */
  request<Schema extends v.GenericSchema>(
    method: 'GET' | 'POST',
    path: string,
    schema: Schema,
    req?: RequestOptions
  ): Promise<v.InferOutput<Schema>>
  /** A failure to reach the manager, as the unavailable error it is. */
  unreachable(error: unknown): LifecycleError
}

export function createManagerConnection(
  url: string,
  token: string | undefined,
  fetchFn: FetchFn
): ManagerConnection {
  const base = new URL(url.endsWith('/') ? url : `${url}/`)
  const target = base.href

  function headers(withBody: boolean): Record<string, string> {
    return {
      accept: 'application/json, application/problem+json',
      ...(withBody && { 'content-type': 'application/json' }),
      ...(token && { authorization: `Bearer ${token}` }),
    }
  }

  const unreachable = (error: unknown) =>
    new LifecycleError('unavailable', `Cannot reach ${target}: ${describe(error)}`, {
      cause: error,
    })

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
      throw unreachable(error)
    }
    const answer = parseJson(text)
    if (!response.ok) throw fromProblem(response.status, answer, target)
    return checkAnswer(schema, answer, `${target} answered ${path}`)
  }

  return { base, target, fetchFn, headers, request, unreachable }
}

/** `fetch failed` says nothing; its cause (ECONNREFUSED, ENOTFOUND) says what went wrong. */
function describe(error: unknown): string {
  const cause = error instanceof Error ? error.cause : undefined
  if (cause instanceof Error) return (cause as NodeJS.ErrnoException).code ?? cause.message
  return error instanceof Error ? error.message : String(error)
}
