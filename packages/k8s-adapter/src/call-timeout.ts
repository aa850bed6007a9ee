import { isWatchRequest, type FetchFn } from './fetch-fn.ts'

/** Why a call was aborted when the API server took longer than the call timeout to answer. */
export class CallTimeout extends Error {
  readonly seconds: number

  constructor(timeoutMs: number) {
    super(`The Kubernetes API server did not answer within ${timeoutMs / 1000}s`)
    this.name = 'CallTimeout'
    this.seconds = timeoutMs / 1000
  }
}

/**
 * Bounds every call in time: a stopped API server accepts connections and never answers. A
 * call gets `timeoutMs` to answer in full; a watch, to answer its headers (its stream is ended
 * by the caller's signal). On timeout the request is aborted with a CallTimeout.
 */
export function withCallTimeout(fetchFn: FetchFn, timeoutMs: number): FetchFn {
  return async (input, init) => {
    const timeout = new AbortController()
    const timer = setTimeout(() => timeout.abort(new CallTimeout(timeoutMs)), timeoutMs)
    // Not cleared for calls whose body is still being read; it must not keep the process up.
    timer.unref()
    const caller = init?.signal as AbortSignal | undefined
    const signal = caller ? AbortSignal.any([caller, timeout.signal]) : timeout.signal
    if (!isWatchRequest(input)) return fetchFn(input, { ...init, signal })
    try {
      return await fetchFn(input, { ...init, signal })
    } finally {
      clearTimeout(timer)
    }
  }
}
