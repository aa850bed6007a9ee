import { LifecycleError, isLifecycleError, type ErrorKind } from '@mcp-lifecycle/core'
import { CallTimeout } from './call-timeout.ts'
import { KubernetesApiError } from './kubernetes-api-error.ts'

/**
 * The one place that reads Kubernetes failures. API calls raise KubernetesApiError and our
 * watches Error, both with `statusCode`; network failures are TypeError('fetch failed') with a
 * cause; calls past the call timeout are aborted with a CallTimeout. The Status `reason` and
 * `message` the API server sent are never passed on: they stay in `cause`, for the server log.
 */
export function toLifecycleError(error: unknown, action: string): LifecycleError {
  if (isLifecycleError(error)) return error
  const code = kubernetesStatus(error)
  if (code !== undefined) return fromKubernetes(kindOf(code), `${action}: ${detailOf(code)}`, error)
  if (error instanceof CallTimeout) {
    const detail = `the Kubernetes API server did not answer within ${error.seconds}s.`
    return fromKubernetes('unavailable', `${action}: ${detail}`, error)
  }
  // The caller's own signal (it went away): nothing Kubernetes did.
  if (isAbort(error))
    return new LifecycleError('timeout', `${action}: the request was aborted.`, { cause: error })
  return fromKubernetes('unavailable', `${action}: ${UNREACHABLE}`, error)
}

/** The HTTP status Kubernetes answered a failed call with, if it answered at all. */
export function kubernetesStatus(error: unknown): number | undefined {
  if (error instanceof KubernetesApiError) return error.statusCode
  if (error && typeof error === 'object' && 'statusCode' in error) {
    const code = (error as { statusCode: unknown }).statusCode
    if (typeof code === 'number') return code
  }
  return undefined
}

const UNREACHABLE = 'the Kubernetes API server cannot be reached.'

// 401 is the API server refusing this manager's own credential, not the caller's: the
// manager cannot work until its token is renewed, so it answers as unavailable.
const CREDENTIAL_REFUSED =
  "the API server refused the manager's Kubernetes credential (expired or revoked token)."

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
  if (code === 403) return 'forbidden'
  if (code === 422 || code === 400) return 'unprocessable'
  if (code === 504) return 'timeout'
  return 'unavailable'
}

function detailOf(code: number): string {
  if (code === 401) return CREDENTIAL_REFUSED
  return DETAILS[kindOf(code)] ?? `Kubernetes answered ${code}.`
}

/** Every error read from Kubernetes says so; its 503s carry one title. */
function fromKubernetes(kind: ErrorKind, detail: string, cause: unknown): LifecycleError {
  return new LifecycleError(kind, detail, {
    cause,
    fromKubernetes: true,
    ...(kind === 'unavailable' && { title: 'Kubernetes unavailable' }),
  })
}

function isAbort(error: unknown): boolean {
  return error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError')
}
