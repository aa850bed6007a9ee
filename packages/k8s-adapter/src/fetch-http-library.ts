import {
  ResponseContext,
  wrapHttpLibrary,
  type HttpLibrary,
  type RequestContext,
} from '@kubernetes/client-node'

/** The fetch the adapter sends every request through (API calls and watches alike). */
export type FetchFn = (input: string | URL, init?: Record<string, unknown>) => Promise<Response>

/**
 * client-node's HTTP library, but over a fetch we choose. client-node 2 imports undici's
 * fetch directly, which msw cannot intercept (mswjs/msw#2165); with this seam production
 * uses undici's fetch and the msw tests use the global one.
 */
export function createFetchHttpLibrary(fetchFn: FetchFn): HttpLibrary {
  return wrapHttpLibrary({
    async send(request: RequestContext): Promise<ResponseContext> {
      const response = await fetchFn(request.getUrl(), {
        method: request.getHttpMethod().toString(),
        body: request.getBody(),
        headers: request.getHeaders(),
        signal: request.getSignal(),
        dispatcher: request.getDispatcher(),
      })
      const headers: Record<string, string> = {}
      response.headers.forEach((value, key) => (headers[key] = value))
      const bytes = () => response.arrayBuffer().then((b) => Buffer.from(b))
      return new ResponseContext(response.status, headers, {
        text: () => response.text(),
        binary: bytes,
        stream: () => response.body,
      })
    },
  })
}
