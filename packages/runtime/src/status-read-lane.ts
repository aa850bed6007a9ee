import type { IncomingMessage, ServerResponse } from 'node:http'
import {
  createOperationContext,
  getServerStatus,
  serverNameParams,
  type ServerStatusView,
} from '@mcp-lifecycle/core'
import { keptJsonBytes, type HandlerDeps } from '@mcp-lifecycle/http-kit'
import { countRequest, logRequest } from '@mcp-lifecycle/observability'
import * as v from 'valibot'
import type { Observability } from './compose-app.ts'
import { isSafePath } from './refuse-unsafe-path.ts'
import { requestIdOf } from './request-id.ts'

export type RequestListener = (req: IncomingMessage, res: ServerResponse) => void

const STATUS_PATH = /^\/servers\/([^/?#]+)$/
// The status app's route, as hono's routePath names it in the metrics.
const ROUTE = '/servers/:name'

/**
 * The manager's lane for the most frequent read, `GET /servers/{name}` answered 200, in front
 * of hono (`hono`, @hono/node-server's listener): the same steps as compose-app and the status
 * app (path check, request id, authentication, the access check and read of core's operation,
 * the kept JSON bytes, the log line and metrics) without building a fetch Request, a Context
 * and the middleware chain per read. Anything else goes to hono untouched: another route, a
 * body, loopback mode (its Host and Origin checks), a malformed name, and every refusal or
 * failure (401, 403, 404, 503), which hono then answers from the start, as it would have. A read
 * changes nothing, so running its checks again there is harmless.
 */
export function statusReadLane(
  deps: HandlerDeps,
  observability: Observability,
  hono: RequestListener
): RequestListener {
  return (req, res) => {
    const name = plainStatusRead(req, deps)
    if (name === undefined) return hono(req, res)
    answerStatus(deps, observability, req, res, name).then(
      (answered) => answered || hono(req, res),
      () => hono(req, res)
    )
  }
}

/** The server name of a bodiless `GET /servers/{name}` the lane may take; else undefined. */
function plainStatusRead(req: IncomingMessage, deps: HandlerDeps): string | undefined {
  if (req.method !== 'GET' || deps.loopbackOnly) return undefined
  if (req.headers['content-length'] !== undefined) return undefined
  if (req.headers['transfer-encoding'] !== undefined) return undefined
  const url = req.url ?? ''
  const name = STATUS_PATH.exec(url)?.[1]
  if (name === undefined || !isSafePath(url)) return undefined
  return v.is(serverNameParams, { name }) ? name : undefined
}

/** Answers 200 with the server's view, or false (nothing written) for hono to answer. */
async function answerStatus(
  deps: HandlerDeps,
  { logger, metrics }: Observability,
  req: IncomingMessage,
  res: ServerResponse,
  name: string
): Promise<boolean> {
  const started = performance.now()
  const stop = metrics.httpDuration.startTimer()
  const reqId = requestIdOf(fetchHeader(req, 'x-request-id'))
  const principal = await deps.authenticator?.(fetchHeader(req, 'authorization'))
  const gone = new AbortController()
  const onClose = () => gone.abort()
  res.once('close', onClose)
  let view: ServerStatusView
  try {
    const scope = { ...(principal && { principal }), reqId, signal: gone.signal, dryRun: false }
    view = await getServerStatus(createOperationContext(deps, scope), name)
  } catch {
    return false
  } finally {
    res.off('close', onClose)
  }
  const body = keptJsonBytes(view, () => view)
  // Byte for byte what @hono/node-server writes for the status app's answer.
  res.writeHead(200, {
    'content-type': 'application/json',
    'x-request-id': reqId,
    'Content-Length': body.byteLength,
  })
  res.end(body)
  countRequest(metrics, stop, 'GET', ROUTE, 200)
  const status = gone.signal.aborted ? 499 : 200
  logRequest(logger, started, () => ({ reqId, method: 'GET', path: req.url!, status }))
  return true
}

/**
 * A header as a fetch Request (hono's view) has it: repeated fields joined with ', '. Node's
 * `req.headers` keeps only the first Authorization, which hono would refuse when sent twice.
 */
function fetchHeader(req: IncomingMessage, name: string): string | undefined {
  let value: string | undefined
  const raw = req.rawHeaders
  for (let i = 0; i < raw.length; i += 2) {
    if (raw[i]!.length !== name.length || raw[i]!.toLowerCase() !== name) continue
    value = value === undefined ? raw[i + 1]! : `${value}, ${raw[i + 1]!}`
  }
  return value
}
