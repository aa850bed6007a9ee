import type { IncomingMessage, ServerResponse } from 'node:http'
import { isRelayed, writeRelayed, type ProxyCall, type Relayed } from '@mcp-lifecycle/activator'
import {
  DEFAULT_MAX_BODY_BYTES,
  LifecycleError,
  serverNameParams,
  toProblem,
} from '@mcp-lifecycle/core'
import {
  CLIENT_CLOSED_REQUEST,
  isFault,
  problemHeaders,
  type HandlerDeps,
} from '@mcp-lifecycle/http-kit'
import { countRequest, logRequest } from '@mcp-lifecycle/observability'
import * as v from 'valibot'
import type { Observability } from './compose-app.ts'
import { fetchHeaders } from './fetch-header.ts'
import { nodeProxyCall } from './node-proxy-call.ts'
import type { RequestListener } from './read-lane.ts'
import { isSafePath } from './refuse-unsafe-path.ts'
import { requestIdOf } from './request-id.ts'

/** What the lane hands a request it took (the default namespace's activator). */
export type LaneProxy = (call: ProxyCall, name: string) => Promise<Response | Relayed | undefined>

const MCP_PATH = /^\/servers\/([^/?#]+)\/mcp(?:\?|$)/
const ROUTE = '/servers/:name/mcp'

/**
 * The manager's lane for MCP requests to a running server (`/servers/{name}/mcp`), in front of
 * hono (`hono`, @hono/node-server's listener): the same steps as compose-app and the MCP route
 * (path check, request id, the body limit, authentication, the activator's front door and
 * proxying, the log line and metrics) with node's own request and response: no fetch Request,
 * Context, middleware chain or web stream per call, and the pod's answer piped as a bare
 * node:http proxy does. Anything else goes to hono untouched: another route or namespace's,
 * a body without a declared length or over the limit, loopback mode (its Host and Origin
 * checks), a refused credential, and whatever the activator leaves to its route (a refusal, a
 * sleeping server, a deferred session, a listen), which hono then answers from the start.
 */
export function mcpLane(
  deps: HandlerDeps,
  observability: Observability,
  proxy: () => LaneProxy | undefined,
  hono: RequestListener
): RequestListener {
  const maxBodyBytes = deps.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES
  return (req, res) => {
    const name = plainMcpCall(req, deps, maxBodyBytes)
    const lane = name === undefined ? undefined : proxy()
    if (lane === undefined) hono(req, res)
    else void answerMcp(deps, observability, { req, res, name: name!, lane, hono })
  }
}

/** The server an MCP request names when the lane may take it; else undefined. */
function plainMcpCall(
  req: IncomingMessage,
  deps: HandlerDeps,
  maxBodyBytes: number
): string | undefined {
  const method = req.method
  if (deps.loopbackOnly || (method !== 'POST' && method !== 'GET' && method !== 'DELETE')) return
  if (req.headers['transfer-encoding'] !== undefined) return undefined
  const length = req.headers['content-length']
  if (method === 'POST' ? !(Number(length) <= maxBodyBytes) : length !== undefined) return
  const url = req.url ?? ''
  const name = MCP_PATH.exec(url)?.[1]
  if (name === undefined || !isSafePath(url) || !v.is(serverNameParams, { name })) return undefined
  return name
}

interface LaneRequest {
  req: IncomingMessage
  res: ServerResponse
  name: string
  lane: LaneProxy
  hono: RequestListener
}

/** Proxies the request and writes the answer; a request the activator leaves goes to hono. */
async function answerMcp(
  deps: HandlerDeps,
  { logger, metrics }: Observability,
  { req, res, name, lane, hono }: LaneRequest
): Promise<void> {
  const started = performance.now()
  let call: ProxyCall
  try {
    // The header fields read once, for the id, the credential and the proxy alike.
    const headers = fetchHeaders(req.rawHeaders)
    const requestId = requestIdOf(headers.get('x-request-id') ?? undefined)
    const principal = await deps.authenticator?.(headers.get('authorization') ?? undefined)
    call = nodeProxyCall(req, res, { headers, requestId, principal }, deps.shutdownSignal)
  } catch {
    return hono(req, res)
  }
  const reqId = call.requestId!
  let status: number
  try {
    const outcome = await lane(call, name)
    if (outcome === undefined) return hono(req, res)
    if (isRelayed(outcome)) {
      status = outcome.answer.status
      writeRelayed(res, outcome, { 'x-request-id': reqId })
    } else {
      status = outcome.status
      await writeResponse(res, outcome, reqId)
    }
  } catch (error) {
    status = answerProblem(res, error, req.url!, call.signal.aborted, reqId)
    if (status !== CLIENT_CLOSED_REQUEST && isFault(error))
      logger.error({ err: error, reqId }, 'unexpected error')
  }
  if (res.destroyed && !res.writableFinished) status = CLIENT_CLOSED_REQUEST
  countRequest(metrics, started, req.method!, ROUTE, status)
  const path = req.url!.split('?', 1)[0]!
  logRequest(logger, started, () => ({ reqId, method: req.method!, path, status }))
}

/** An answer of the manager's own (a session gone), small: written whole. */
async function writeResponse(res: ServerResponse, answer: Response, reqId: string): Promise<void> {
  const headers: Record<string, string> = {}
  answer.headers.forEach((value, name) => (headers[name] = value))
  headers['x-request-id'] = reqId
  const body = answer.body ? Buffer.from(await answer.arrayBuffer()) : undefined
  if (body) headers['content-length'] = String(body.byteLength)
  res.writeHead(answer.status, headers)
  res.end(body)
}

/** Answers a failure as problem+json, as the route's error handler does; its status. */
function answerProblem(
  res: ServerResponse,
  error: unknown,
  url: string,
  clientGone: boolean,
  reqId: string
): number {
  if (res.headersSent || res.destroyed) {
    res.destroy()
    return res.headersSent ? res.statusCode : CLIENT_CLOSED_REQUEST
  }
  if (clientGone && !(error instanceof LifecycleError)) {
    res.writeHead(CLIENT_CLOSED_REQUEST).end()
    return CLIENT_CLOSED_REQUEST
  }
  const problem = toProblem(error, url.split('?', 1)[0])
  const body = JSON.stringify(problem)
  res.writeHead(problem.status, {
    ...problemHeaders(error),
    'x-request-id': reqId,
    'Content-Length': Buffer.byteLength(body),
  })
  res.end(body)
  return problem.status
}
