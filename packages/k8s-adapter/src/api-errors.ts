import { ApiException } from '@kubernetes/client-node'
import { LifecycleError, isLifecycleError, type ErrorKind } from '@mcp-lifecycle/core'

/**
 * The one place that reads Kubernetes failures. client-node raises ApiException (with
 * `code`) from API calls; our watch raises Error with `statusCode`; network failures are
 * TypeError('fetch failed') with a cause. ApiException's message embeds the response body
 * and headers, so it is never passed on; the Status `reason` and `message` are kept in
 * `cause` for the server log only.
 */
export function toLifecycleError(error: unknown, action: string): LifecycleError {
  if (isLifecycleError(error)) return error
  const code = statusCodeOf(error)
  if (code === undefined) {
    if (isAbort(error))
      return new LifecycleError('timeout', `${action}: the request was aborted.`, { cause: error })
    return new LifecycleError(
      'unavailable',
      `${action}: the Kubernetes API server cannot be reached.`,
      { cause: error }
    )
  }
  const kind = kindOf(code)
  return new LifecycleError(kind, `${action}: ${DETAILS[kind] ?? `Kubernetes answered ${code}.`}`, {
    cause: error,
  })
}

const DETAILS: Partial<Record<ErrorKind, string>> = {
  'not-found': 'the object does not exist.',
  conflict: 'the object was changed concurrently; retry.',
  forbidden: 'the cluster refused the call for our ServiceAccount (check its Role).',
  unprocessable: 'the cluster rejected the change as invalid.',
  unavailable: 'the Kubernetes API server is unavailable or overloaded; retry later.',
  timeout: 'the Kubernetes API server timed out.',
}

function kindOf(code: number): ErrorKind {
  if (code === 404) return 'not-found'
  if (code === 409) return 'conflict'
  if (code === 401 || code === 403) return 'forbidden'
  if (code === 422 || code === 400) return 'unprocessable'
  if (code === 504) return 'timeout'
  return 'unavailable'
}

function statusCodeOf(error: unknown): number | undefined {
  if (error instanceof ApiException) return error.code
  if (error && typeof error === 'object' && 'statusCode' in error) {
    const code = (error as { statusCode: unknown }).statusCode
    if (typeof code === 'number') return code
  }
  return undefined
}

function isAbort(error: unknown): boolean {
  return error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError')
}
