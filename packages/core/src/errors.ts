/** The closed set of failures every layer speaks; the HTTP status follows from the kind. */
export type ErrorKind =
  | 'invalid'
  | 'unauthorized'
  | 'forbidden'
  | 'not-found'
  | 'conflict'
  | 'payload-too-large'
  | 'unsupported-media-type'
  | 'unprocessable'
  | 'rate-limited'
  | 'method-not-allowed'
  | 'internal'
  | 'unavailable'
  | 'timeout'

export const STATUS_BY_KIND: Record<ErrorKind, number> = {
  invalid: 400,
  unauthorized: 401,
  forbidden: 403,
  'not-found': 404,
  'method-not-allowed': 405,
  conflict: 409,
  'payload-too-large': 413,
  'unsupported-media-type': 415,
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
  /** The problem's title, when the kind's default would mislead ("MCP server not found"). */
  title?: string
  /**
   * True when Kubernetes itself refused or failed the call (its RBAC, its availability), as
   * opposed to this manager's own checks (the caller's scope, a bound): advice differs.
   */
  fromKubernetes?: boolean
  /** For a bound that frees up by itself (503, 429): when to try again, sent as `Retry-After`. */
  retryAfterSeconds?: number
}

/** Every expected failure: carries its kind, HTTP status and a message safe to show a caller. */
export class LifecycleError extends Error {
  readonly kind: ErrorKind
  readonly status: number
  readonly field?: string
  readonly extensions?: Record<string, unknown>
  readonly title?: string
  readonly fromKubernetes: boolean
  readonly retryAfterSeconds?: number

  constructor(kind: ErrorKind, detail: string, options: LifecycleErrorOptions = {}) {
    super(detail, { cause: options.cause })
    this.name = 'LifecycleError'
    this.kind = kind
    this.status = STATUS_BY_KIND[kind]
    if (options.field !== undefined) this.field = options.field
    if (options.extensions !== undefined) this.extensions = options.extensions
    if (options.title !== undefined) this.title = options.title
    this.fromKubernetes = options.fromKubernetes ?? false
    if (options.retryAfterSeconds !== undefined) this.retryAfterSeconds = options.retryAfterSeconds
  }
}

export function isLifecycleError(error: unknown): error is LifecycleError {
  return error instanceof LifecycleError
}

/** The 404 of an unknown server, or of a Deployment that is not an MCP server: one wording. */
export function serverNotFound(name: string, where: string): LifecycleError {
  return new LifecycleError('not-found', `No MCP server named '${name}' ${where}.`, {
    title: 'MCP server not found',
  })
}
