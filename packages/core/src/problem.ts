import { LifecycleError, isLifecycleError, type ErrorKind } from './errors.ts'

export const PROBLEM_CONTENT_TYPE = 'application/problem+json'

/** RFC 9457 problem details. */
export interface Problem {
  type: string
  title: string
  status: number
  detail: string
  instance?: string
  /** The invalid fields, named by dot path. */
  errors?: { field: string; detail: string }[]
  [extension: string]: unknown
}

const TITLES: Record<ErrorKind, string> = {
  invalid: 'Invalid request',
  unauthorized: 'Authentication required',
  forbidden: 'Forbidden',
  'not-found': 'Not found',
  'method-not-allowed': 'Method not allowed',
  conflict: 'Conflict',
  'payload-too-large': 'Request body too large',
  'unsupported-media-type': 'Unsupported content type',
  unprocessable: 'Rejected by the cluster',
  'rate-limited': 'Too many requests',
  internal: 'Internal error',
  unavailable: 'Service unavailable',
  timeout: 'Timed out',
}

/** A stable URI per kind, so clients can branch on `type` rather than parse `detail`. */
export function problemType(kind: ErrorKind): string {
  return `https://mcp-lifecycle.dev/problems/${kind}`
}

/** Turns any thrown value into a problem body; unknown errors become a generic 500. */
export function toProblem(error: unknown, instance?: string): Problem {
  const e = isLifecycleError(error)
    ? error
    : new LifecycleError('internal', 'An unexpected error occurred; it has been logged.')
  const problem: Problem = {
    ...e.extensions,
    type: problemType(e.kind),
    title: e.title ?? TITLES[e.kind],
    status: e.status,
    detail: e.message,
  }
  if (instance !== undefined) problem.instance = instance
  if (e.field !== undefined) problem.errors = [{ field: e.field, detail: e.message }]
  return problem
}
