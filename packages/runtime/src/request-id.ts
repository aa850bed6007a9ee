import { randomUUID } from 'node:crypto'
import type { MiddlewareHandler } from 'hono'

// hono's requestId rule: the caller's id when it is short and plain, else a fresh one.
const MAX_LENGTH = 255
const UNSAFE = /[^\w\-=]/

/** The id of a request: the caller's X-Request-Id when it is at most 255 of [A-Za-z0-9_=-]. */
export function requestIdOf(header: string | undefined): string {
  return header && header.length <= MAX_LENGTH && !UNSAFE.test(header) ? header : randomUUID()
}

/**
 * Sets the request's id (`requestId`, for logs and audit lines) and answers it in X-Request-Id,
 * as hono's requestId middleware does; the rule is shared with the manager's lane for status reads.
 */
export function requestId(): MiddlewareHandler {
  return async (c, next) => {
    const id = requestIdOf(c.req.header('x-request-id'))
    c.set('requestId', id)
    c.header('X-Request-Id', id)
    await next()
  }
}
