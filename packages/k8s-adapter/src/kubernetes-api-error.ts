/**
 * A call the API server answered with an error status. `statusCode` is what api-errors.ts
 * reads; the Status object's reason and message are in the message, which only reaches the
 * server log (as the cause of the LifecycleError a caller sees).
 */
export class KubernetesApiError extends Error {
  readonly statusCode: number

  constructor(message: string, statusCode: number) {
    super(message)
    this.name = 'KubernetesApiError'
    this.statusCode = statusCode
  }

  static async from(method: string, path: string, response: Response): Promise<KubernetesApiError> {
    const status = await response.json().catch(() => undefined)
    const reason = statusText(status)
    return new KubernetesApiError(
      `${method} ${path} answered ${response.status}${reason ? `: ${reason}` : ''}`,
      response.status
    )
  }
}

/** `reason: message` of a Kubernetes Status body, if that is what the body is. */
function statusText(status: unknown): string | undefined {
  if (!status || typeof status !== 'object') return undefined
  const { reason, message } = status as { reason?: unknown; message?: unknown }
  const parts = [reason, message].filter((part) => typeof part === 'string' && part !== '')
  return parts.length > 0 ? parts.join(': ') : undefined
}
