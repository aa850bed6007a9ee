import type { IncomingMessage, ServerResponse } from 'node:http'
import {
  createOperationContext,
  getServerStatus,
  listServers,
  serverNameParams,
  type OperationContext,
} from '@mcp-lifecycle/core'
import { keptJsonBytes, keptJsonOf, type HandlerDeps } from '@mcp-lifecycle/http-kit'
import { countRequest, logRequest } from '@mcp-lifecycle/observability'
import * as v from 'valibot'
import type { Observability } from './compose-app.ts'
import { fetchHeader } from './fetch-header.ts'
import { isSafePath } from './refuse-unsafe-path.ts'
import { requestIdOf } from './request-id.ts'

export type RequestListener = (req: IncomingMessage, res: ServerResponse) => void

/** The read of `GET /servers`; any other read the lane takes is one server's status, by name. */
const LIST = Symbol('list')
type LaneRead = typeof LIST | string

const STATUS_PATH = /^\/servers\/([^/?#]+)$/

/**
 * The manager's lane for the most frequent reads, `GET /servers` and `GET /servers/{name}`
 * answered 200, in front of hono (`hono`, @hono/node-server's listener): the same steps as
 * compose-app and the list and status apps (path check, request id, authentication, core's
 * operation with its access check, the kept JSON bytes, the log line and metrics) without a
 * fetch Request, a Context and the middleware chain per read. Anything else goes to hono
 * untouched: another route, a query, a body, loopback mode (its Host and Origin checks), a
 * malformed name, and every refusal or failure (401, 403, 404, 503), which hono then answers
 * from the start, as it would have. A read changes nothing: its checks may run again there.
 */
export function readLane(
  deps: HandlerDeps,
  observability: Observability,
  hono: RequestListener
): RequestListener {
  return (req, res) => {
    const read = plainRead(req, deps)
    if (read === undefined) hono(req, res)
    else void answerRead(deps, observability, req, res, read, hono)
  }
}

/** The read of a bodiless GET the lane may take; else undefined. */
function plainRead(req: IncomingMessage, deps: HandlerDeps): LaneRead | undefined {
  if (req.method !== 'GET' || deps.loopbackOnly) return undefined
  if (req.headers['content-length'] !== undefined) return undefined
  if (req.headers['transfer-encoding'] !== undefined) return undefined
  const url = req.url ?? ''
  if (url === '/servers') return LIST
  const name = STATUS_PATH.exec(url)?.[1]
  if (name === undefined || !isSafePath(url) || !v.is(serverNameParams, { name })) return undefined
  return name
}

/** The kept JSON of a read, through core's operation and its access check. */
async function readJson(ctx: OperationContext, read: LaneRead): Promise<Uint8Array> {
  if (read !== LIST) return keptJsonOf(await getServerStatus(ctx, read))
  const { servers } = await listServers(ctx)
  return keptJsonBytes(servers, () => ({ servers }))
}

/** Answers 200 with the read's JSON; any refusal or failure, nothing written, goes to hono. */
async function answerRead(
  deps: HandlerDeps,
  { logger, metrics }: Observability,
  req: IncomingMessage,
  res: ServerResponse,
  read: LaneRead,
  hono: RequestListener
): Promise<void> {
  const started = performance.now()
  let reqId: string
  let body: Uint8Array
  try {
    reqId = requestIdOf(fetchHeader(req, 'x-request-id'))
    const principal = await deps.authenticator?.(fetchHeader(req, 'authorization'))
    // No signal of the caller's: a read changes nothing, the backend's reads take no signal, and
    // its waits are bounded and shared (the cache's first sync, a server's one pod watch): a
    // controller and a listener per read cost more than the read. The process's signal ends it.
    body = await readJson(createOperationContext(deps, { principal, reqId, dryRun: false }), read)
  } catch {
    return hono(req, res)
  }
  // The client went away during the read (its socket closed): logged as such, as hono does.
  const status = res.destroyed ? 499 : 200
  // Byte for byte what @hono/node-server writes for the list and status apps' answers.
  res.writeHead(200, {
    'content-type': 'application/json',
    'x-request-id': reqId,
    'Content-Length': body.byteLength,
  })
  res.end(body)
  countRequest(metrics, started, 'GET', read === LIST ? '/servers' : '/servers/:name', 200)
  logRequest(logger, started, () => ({ reqId, method: 'GET', path: req.url!, status }))
}
