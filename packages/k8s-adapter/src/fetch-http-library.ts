import {
  ResponseContext,
  wrapHttpLibrary,
  type HttpLibrary,
  type RequestContext,
} from '@kubernetes/client-node'

/** The fetch the adapter sends every request through (API calls and watches alike). */
export type FetchFn = (input: string | URL, init?: Record<string, unknown>) => Promise<Response>

/** Watches are long-lived streams: timeouts and metrics treat them apart from calls. */
export function isWatchRequest(input: string | URL): boolean {
  return new URL(String(input)).searchParams.get('watch') === 'true'
}

/**
 * client-node's HTTP library, but over a fetch we choose. client-node 2 imports undici's
 * fetch directly, which msw cannot intercept (mswjs/msw#2165); with this seam production
 * uses undici's fetch and the msw tests use the global one. With a `signal`, every request
 * sent through this library is aborted by it (client-node has no per-call signal of its own).
 */
export function createFetchHttpLibrary(fetchFn: FetchFn, signal?: AbortSignal): HttpLibrary {
  return wrapHttpLibrary({
    async send(request: RequestContext): Promise<ResponseContext> {
      const response = await fetchFn(request.getUrl(), {
        method: request.getHttpMethod().toString(),
        body: request.getBody(),
        headers: request.getHeaders(),
        signal: signal ?? request.getSignal(),
        dispatcher: request.getDispatcher(),
      })
      // Header names come from the wire: fromEntries keeps even `__proto__` as plain data.
      const headers: Record<string, string> = Object.fromEntries(response.headers)
      const bytes = () => response.arrayBuffer().then((b) => Buffer.from(b))
      return new ResponseContext(response.status, headers, {
        text: () => response.text(),
        binary: bytes,
        stream: () => response.body,
      })
    },
  })
}
