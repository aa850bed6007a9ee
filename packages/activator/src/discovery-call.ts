import { DISCOVERY_METHODS, type DiscoveryMethod } from '@mcp-lifecycle/core'
import type { CallHeaders } from './proxy-call.ts'

/** A discovery request a client sent: what its answer is kept and looked up by. */
export interface DiscoveryCall {
  id: string | number
  method: DiscoveryMethod
  /** The revision it is made under: its `_meta`, an initialize's, or the header's. */
  revision: string
  /** The cursor asked for; '' for the first page. */
  cursor: string
  /** 2026-07-28 (a `_meta` envelope): stateless, no session. */
  modern: boolean
  /** The request's params, as sent (an initialize's are replayed upstream). */
  params: Record<string, unknown>
}

const PROTOCOL_VERSION_META = 'io.modelcontextprotocol/protocolVersion'
const REVISION = /^\d{4}-\d{2}-\d{2}$/
const MAX_CURSOR_LENGTH = 1024
const methods: ReadonlySet<string> = new Set(DISCOVERY_METHODS)
// In JSON a method's name is written as itself, or with escapes (a backslash): a body with
// neither is no discovery request, and most proxied bodies (tools/call) are not parsed here.
const METHOD_BYTES = DISCOVERY_METHODS.map((method) => Buffer.from(JSON.stringify(method)))
const BACKSLASH = 0x5c
const utf8 = new TextDecoder()

/**
 * The discovery request in a POST body, if it is one: a single JSON-RPC request (never a
 * batch) of a discovery method with a known revision, and not a retry of a multi-round-trip
 * request (its results are never cached). The body is untrusted: anything else is undefined.
 */
export function discoveryCallOf(
  body: Uint8Array | undefined,
  headers: CallHeaders
): DiscoveryCall | undefined {
  if (!body || body.length === 0 || body.length > 64 * 1024) return undefined
  // A 2026-07-28 request names its method in Mcp-Method too, and the SDK refuses a body that
  // says otherwise: one naming another method is no discovery request (and most proxied calls,
  // tools/call, stop here without a scan of their body).
  const named = headers.get('mcp-method')
  if (named !== null && !methods.has(named)) return undefined
  if (!mayNameDiscoveryMethod(body)) return undefined
  let message: unknown
  try {
    message = JSON.parse(utf8.decode(body))
  } catch {
    return undefined
  }
  if (!isObject(message) || message.jsonrpc !== '2.0') return undefined
  const { id, method } = message
  if ((typeof id !== 'string' && typeof id !== 'number') || typeof method !== 'string') return
  if (!methods.has(method)) return undefined
  const params = isObject(message.params) ? message.params : {}
  if ('inputResponses' in params || 'requestState' in params) return undefined
  const meta = isObject(params._meta) ? params._meta : {}
  const modern = typeof meta[PROTOCOL_VERSION_META] === 'string'
  const revision = modern
    ? meta[PROTOCOL_VERSION_META]
    : method === 'initialize'
      ? params.protocolVersion
      : headers.get('mcp-protocol-version')
  const cursor = params.cursor ?? ''
  if (typeof revision !== 'string' || !REVISION.test(revision)) return undefined
  if (typeof cursor !== 'string' || cursor.length > MAX_CURSOR_LENGTH) return undefined
  return { id, method: method as DiscoveryMethod, revision, cursor, modern, params }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function mayNameDiscoveryMethod(body: Uint8Array): boolean {
  if (body.includes(BACKSLASH)) return true
  const bytes = Buffer.from(body.buffer, body.byteOffset, body.byteLength)
  return METHOD_BYTES.some((method) => bytes.includes(method))
}
