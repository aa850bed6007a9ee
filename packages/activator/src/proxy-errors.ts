import { LifecycleError, type StartFailure } from '@mcp-lifecycle/core'

/**
 * A 503 with Retry-After. A waking server never answers 4xx: a client whose first initialize
 * gets 400/404/405 falls back to the old HTTP+SSE transport (MCP 2025-06-18, Backwards
 * Compatibility), so overflow, deadline and start failures are all 503.
 */
export class ProxyUnavailable extends LifecycleError {
  constructor(detail: string, retryAfterSeconds: number, title: string, reason?: string) {
    super('unavailable', detail, {
      title,
      retryAfterSeconds,
      ...(reason && { extensions: { reason } }),
    })
  }
}

export const queueFull = (name: string, size: number) =>
  new ProxyUnavailable(
    `${size} requests already wait for a ready pod of '${name}'; retry shortly.`,
    2,
    'Wake queue full'
  )

export const notReadyInTime = (name: string, ms: number) =>
  new ProxyUnavailable(
    `No pod of '${name}' became ready within ${ms / 1000} s; it may still be starting.`,
    5,
    'MCP server not ready'
  )

/**
 * Only the reason (ImagePullBackOff) reaches a client of the proxy, which may hold a read token:
 * container messages name registries and images; the start operation shows them to writers.
 */
export const cannotStart = (name: string, failure: StartFailure) =>
  new ProxyUnavailable(
    `MCP server '${name}' cannot start (${failure.reason}); see its status for details.`,
    30,
    'MCP server cannot start',
    failure.reason
  )

/**
 * `detail` is for the caller: it names the pod, never its address, the pod networks or what
 * the pod said (the manager's log has `cause`).
 */
export const podUnreachable = (name: string, detail: string) =>
  new ProxyUnavailable(`MCP server '${name}': ${detail}`, 5, 'MCP server unreachable')

export const podAnswerRefused = (name: string, why: string) =>
  new ProxyUnavailable(
    `MCP server '${name}' ${why}; the manager does not pass it on.`,
    5,
    'MCP server answer refused'
  )

export const proxyLoop = () =>
  new ProxyUnavailable(
    'This request already went through an mcp-lifecycle manager: a server points back at one.',
    30,
    'Proxy loop'
  )

export const gateClosed = () =>
  new ProxyUnavailable(
    'The manager stopped following this server (shutting down); retry the request.',
    1,
    'Shutting down'
  )

export const managerBusy = (what: string) =>
  new ProxyUnavailable(`The manager holds ${what} already; retry shortly.`, 2, 'Manager busy')

/**
 * What the manager answers for a session whose pod is gone (or an id it never issued), the way
 * the MCP SDK's own transport does: 404 with JSON-RPC -32001, so the client starts a new session.
 */
export function sessionNotFound(): Response {
  return Response.json(
    { jsonrpc: '2.0', error: { code: -32001, message: 'Session not found' }, id: null },
    { status: 404 }
  )
}
