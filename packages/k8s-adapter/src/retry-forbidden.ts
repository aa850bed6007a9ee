import type { FetchFn } from './fetch-fn.ts'

export interface ForbiddenRetry {
  retries: number
  delayMs: number
}

/** Two more tries, a quarter second apart: the cold cache fills within about 0.2 s. */
export const DEFAULT_FORBIDDEN_RETRY: ForbiddenRetry = { retries: 2, delayMs: 250 }

/**
 * Retries a 403 a few times before letting it through: for a moment after it restarts, the
 * API server refuses every call while its RBAC cache is cold. A 403 is decided before
 * anything is persisted, so sending a write again is safe. A lasting 403 is reported as is.
 */
export function retryForbidden(
  fetchFn: FetchFn,
  retry: ForbiddenRetry = DEFAULT_FORBIDDEN_RETRY
): FetchFn {
  return async (input, init) => {
    for (let attempt = 0; ; attempt++) {
      const response = await fetchFn(input, init)
      if (response.status !== 403 || attempt >= retry.retries) return response
      await response.body?.cancel()
      await pause(retry.delayMs, init?.signal as AbortSignal | undefined)
    }
  }
}

/** Waits `ms`, or rejects with the signal's reason as soon as it aborts. */
function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const onAbort = () => (clearTimeout(timer), reject(signal?.reason))
    const timer = setTimeout(() => (signal?.removeEventListener('abort', onAbort), resolve()), ms)
    if (signal?.aborted) onAbort()
    else signal?.addEventListener('abort', onAbort, { once: true })
  })
}
