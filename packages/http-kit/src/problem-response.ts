import { LifecycleError, PROBLEM_CONTENT_TYPE, toProblem } from '@mcp-lifecycle/core'
import type { Context, ErrorHandler, NotFoundHandler } from 'hono'
import { HTTPException } from 'hono/http-exception'
import type { ContentfulStatusCode } from 'hono/utils/http-status'

/** nginx's status for a request whose client closed the connection before the answer. */
export const CLIENT_CLOSED_REQUEST = 499

/** Logs what a caller must not see; replaced by the app's logger when it has one. */
export type ErrorLogger = (error: unknown, c: Context) => void

const defaultLogger: ErrorLogger = (error) => console.error(error)

export function problemResponse(c: Context, error: unknown): Response {
  const problem = toProblem(error, new URL(c.req.url).pathname)
  return c.json(problem, problem.status as ContentfulStatusCode, problemHeaders(error))
}

/** The headers of an error's problem answer: its type, and when to retry if it says. */
export function problemHeaders(error: unknown): Record<string, string> {
  const retryAfter = error instanceof LifecycleError ? error.retryAfterSeconds : undefined
  return {
    'Content-Type': PROBLEM_CONTENT_TYPE,
    ...(retryAfter !== undefined && { 'Retry-After': String(retryAfter) }),
  }
}

/**
 * Whether an error is a fault, ours or the cluster's, for the error log. Timeouts, client
 * errors and our own bounds (too many waits, shutting down) are answers, not faults.
 */
export function isFault(error: unknown): boolean {
  return (
    !(error instanceof LifecycleError) ||
    error.kind === 'internal' ||
    (error.kind === 'unavailable' && error.fromKubernetes)
  )
}

/** onError for every app: expected failures as problems, anything else a generic 500. */
export function createErrorHandler(log: ErrorLogger = defaultLogger): ErrorHandler {
  return (error, c) => {
    if (error instanceof HTTPException) {
      const kind =
        error.status === 413
          ? 'payload-too-large'
          : error.status === 401
            ? 'unauthorized'
            : 'invalid'
      return problemResponse(c, new LifecycleError(kind, error.message || 'Bad request'))
    }
    // The client went away and its request was cancelled: nobody to answer, nothing to log.
    if (c.req.raw.signal.aborted && !(error instanceof LifecycleError)) {
      return new Response(null, { status: CLIENT_CLOSED_REQUEST })
    }
    if (isFault(error)) log(error, c)
    return problemResponse(c, error)
  }
}

export const notFoundHandler: NotFoundHandler = (c) =>
  problemResponse(
    c,
    new LifecycleError(
      'not-found',
      `No route for ${c.req.method} ${new URL(c.req.url).pathname}.`,
      {
        title: 'No such route',
      }
    )
  )
