/** The closed set of failures every layer speaks; the HTTP status follows from the kind. */
export type ErrorKind =
  | 'invalid'
  | 'unauthorized'
  | 'forbidden'
  | 'not-found'
  | 'conflict'
  | 'payload-too-large'
  | 'unprocessable'
  | 'rate-limited'
  | 'internal'
  | 'unavailable'
  | 'timeout'

export const STATUS_BY_KIND: Record<ErrorKind, number> = {
  invalid: 400,
  unauthorized: 401,
  forbidden: 403,
  'not-found': 404,
  conflict: 409,
  'payload-too-large': 413,
  unprocessable: 422,
  'rate-limited': 429,
  internal: 500,
  unavailable: 503,
  timeout: 504,
}

export interface LifecycleErrorOptions {
  /** The input field at fault, as a dot path (`replicas`, `name`). */
  field?: string
  /** Extra members for the problem body, e.g. the last seen status on a timeout. */
  extensions?: Record<string, unknown>
  cause?: unknown
}

/** Every expected failure: carries its kind, HTTP status and a message safe to show a caller. */
export class LifecycleError extends Error {
  readonly kind: ErrorKind
  readonly status: number
  readonly field?: string
  readonly extensions?: Record<string, unknown>

  constructor(kind: ErrorKind, detail: string, options: LifecycleErrorOptions = {}) {
    super(detail, { cause: options.cause })
    this.name = 'LifecycleError'
    this.kind = kind
    this.status = STATUS_BY_KIND[kind]
    if (options.field !== undefined) this.field = options.field
    if (options.extensions !== undefined) this.extensions = options.extensions
  }
}

export function isLifecycleError(error: unknown): error is LifecycleError {
  return error instanceof LifecycleError
}
