import { isWatchRequest, type FetchFn } from './fetch-fn.ts'

/** One request to the API server, as counted by metrics. */
export interface ApiRequestRecord {
  /** 'watch' for watch streams, else the HTTP method in lower case. */
  verb: string
  /** The HTTP status code, or 'error' when no answer came. */
  outcome: string
}

/** Wraps the fetch seam so every API request is reported, answered or not. */
export function observedFetch(
  fetchFn: FetchFn,
  observe: (record: ApiRequestRecord) => void
): FetchFn {
  return async (input, init) => {
    const method = String(init?.method ?? 'GET').toLowerCase()
    const verb = isWatchRequest(input) ? 'watch' : method
    try {
      const response = await fetchFn(input, init)
      observe({ verb, outcome: String(response.status) })
      return response
    } catch (error) {
      observe({ verb, outcome: 'error' })
      throw error
    }
  }
}
