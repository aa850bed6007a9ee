import { LifecycleError, problemType, STATUS_BY_KIND, type ErrorKind } from '@mcp-lifecycle/core'

const KINDS = Object.keys(STATUS_BY_KIND) as ErrorKind[]
const KIND_BY_TYPE = new Map(KINDS.map((kind) => [problemType(kind), kind]))
const KIND_BY_STATUS = new Map(KINDS.map((kind) => [STATUS_BY_KIND[kind], kind]))
const CORE_MEMBERS = new Set(['type', 'title', 'status', 'detail', 'instance', 'errors'])

/**
 * Turns an error answer of the HTTP API (RFC 9457 problem+json) back into the LifecycleError
 * the server threw: the kind from the problem's `type`, else from the HTTP status; the field
 * from `errors`; other members (such as `server` on a 504) kept as extensions. An answer that
 * is not a problem (a proxy's HTML page) still gives an error carrying its status.
 */
export function fromProblem(status: number, body: unknown, source: string): LifecycleError {
  const problem = isRecord(body) ? body : {}
  const kind =
    (typeof problem.type === 'string' ? KIND_BY_TYPE.get(problem.type) : undefined) ??
    KIND_BY_STATUS.get(status) ??
    (status >= 500 ? 'unavailable' : 'internal')
  const detail =
    typeof problem.detail === 'string' ? problem.detail : `${source} answered HTTP ${status}.`
  const errors = Array.isArray(problem.errors) ? problem.errors : []
  const first: unknown = errors[0]
  const field = isRecord(first) && typeof first.field === 'string' ? first.field : undefined
  const extensions = Object.fromEntries(
    Object.entries(problem).filter(([key]) => !CORE_MEMBERS.has(key))
  )
  return new LifecycleError(kind, detail, {
    ...(field !== undefined && { field }),
    ...(Object.keys(extensions).length > 0 && { extensions }),
  })
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
