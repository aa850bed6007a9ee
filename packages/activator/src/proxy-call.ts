import type { Principal } from '@mcp-lifecycle/core'

/** A request's header fields as fetch has them: names in lower case, repeats joined by ', '. */
export interface CallHeaders {
  get(name: string): string | null
  forEach(each: (value: string, name: string) => void): void
}

/**
 * One request to an MCP endpoint as the proxy sees it, after the app's middleware (request id,
 * authentication, the body limit): from a hono Context (mcp-route.ts) or from the manager's
 * node-level lane, which builds the same without a fetch Request.
 */
export interface ProxyCall {
  method: string
  /** Path and query as the caller sent them (the pod gets the query). */
  url: string
  headers: CallHeaders
  principal: Principal | undefined
  /** The request's id as the manager logs it. */
  requestId: string | undefined
  /** The namespace the route names, if any. */
  namespace: string | undefined
  /** Aborted when the client goes away. */
  signal: AbortSignal
  /**
   * True when `signal` is also aborted at the manager's shutdown: the proxy then does not
   * combine it with the shutdown signal itself (one AbortSignal.any per request fewer).
   */
  followsShutdown?: boolean
  /** The body, within the app's limit; read once, the same bytes at every call. */
  body(): Promise<Uint8Array>
}
