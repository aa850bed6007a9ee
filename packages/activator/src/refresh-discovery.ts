import {
  DISCOVERY_ANNOTATION,
  type DeploymentSnapshot,
  type DiscoveryMethod,
} from '@mcp-lifecycle/core'
import type { DiscoveryCall } from './discovery-call.ts'
import type { DiscoveryKeeper } from './discovery-keeper.ts'
import { deleteSession, postToPod, type PodRpc } from './pod-rpc.ts'
import { LEGACY_REVISION, MODERN_REVISION } from './ready-probe.ts'

export interface DiscoveryRefresh {
  keeper: DiscoveryKeeper
  name: string
  /** The server as watched: its annotations (opt-in) and its settled pod template. */
  deployment: DeploymentSnapshot
  rpc: PodRpc
}

const CLIENT_INFO = { name: 'mcp-lifecycle-discovery', version: '1' }
const MODERN_META = {
  'io.modelcontextprotocol/protocolVersion': MODERN_REVISION,
  'io.modelcontextprotocol/clientCapabilities': {},
  'io.modelcontextprotocol/clientInfo': CLIENT_INFO,
}
const INITIALIZE_PARAMS = {
  protocolVersion: LEGACY_REVISION,
  capabilities: {},
  clientInfo: CLIENT_INFO,
}
/** Pages of one list fetched at most (the store keeps 64 answers per server at most). */
const MAX_PAGES = 8
const MAX_CURSOR_LENGTH = 1024
/** The lists a server's capabilities announce. */
const LISTS_OF: [string, DiscoveryMethod[]][] = [
  ['tools', ['tools/list']],
  ['prompts', ['prompts/list']],
  ['resources', ['resources/list', 'resources/templates/list']],
]

/** How one era asks: the call's shape and the headers each request carries. */
interface Asker {
  revision: string
  modern: boolean
  headers: (method: DiscoveryMethod) => Record<string, string>
  params: (cursor: string) => Record<string, unknown>
}

/**
 * The manager's own discovery of a server (issue 30): what a client would ask at connect,
 * asked of one pod, and kept as the proxy keeps relayed answers (same bounds, same template
 * key). 2026-07-28 first (`server/discover`, then the lists its capabilities announce); a
 * server that does not speak it is asked in 2025-11-25 (`initialize`, the lists, then its
 * session deleted), only when it opts in (`mcp-lifecycle/discovery: cached`: 2025 answers
 * carry no hints). An answer is kept only when it may be served to any caller: `cacheScope:
 * public`, or no hint under the opt-in; a server whose `server/discover` says neither is asked
 * nothing more. Returns how many answers were handed to the keeper.
 */
export async function refreshDiscovery(r: DiscoveryRefresh): Promise<number> {
  const optIn = r.deployment.annotations[DISCOVERY_ANNOTATION]
  if (optIn === 'off') return 0
  const cached = optIn === 'cached'
  const modern: Asker = {
    revision: MODERN_REVISION,
    modern: true,
    headers: (method) => ({ 'mcp-protocol-version': MODERN_REVISION, 'mcp-method': method }),
    params: (cursor) => ({ _meta: MODERN_META, ...(cursor && { cursor }) }),
  }
  const discover = await ask(r, modern, 'server/discover', '')
  if (discover.result) {
    if (!keepable(discover.result, cached)) return 0
    keep(r, discover.call, discover.result)
    return 1 + (await refreshLists(r, modern, discover.result, cached))
  }
  if (!cached || r.rpc.signal.aborted) return 0
  return refreshLegacy(r)
}

async function refreshLegacy(r: DiscoveryRefresh): Promise<number> {
  const call = callOf(1, 'initialize', LEGACY_REVISION, false, '', INITIALIZE_PARAMS)
  const init = await postToPod(
    r.rpc,
    { id: 1, method: 'initialize', params: INITIALIZE_PARAMS },
    {}
  )
  try {
    if (!init.result || init.result.protocolVersion !== LEGACY_REVISION) return 0
    keep(r, call, init.result)
    const headers: Record<string, string> = { 'mcp-protocol-version': LEGACY_REVISION }
    if (init.session) headers['mcp-session-id'] = init.session
    await postToPod(r.rpc, { method: 'notifications/initialized' }, headers)
    const legacy: Asker = {
      revision: LEGACY_REVISION,
      modern: false,
      headers: () => headers,
      params: (cursor) => (cursor ? { cursor } : {}),
    }
    return 1 + (await refreshLists(r, legacy, init.result, true))
  } finally {
    if (init.session) await deleteSession(r.rpc, init.session, LEGACY_REVISION)
  }
}

/** Every page of each list the server announces, one request at a time. */
async function refreshLists(
  r: DiscoveryRefresh,
  asker: Asker,
  first: Record<string, unknown>,
  cached: boolean
): Promise<number> {
  const capabilities = isObject(first.capabilities) ? first.capabilities : {}
  let kept = 0
  for (const [capability, methods] of LISTS_OF) {
    if (!isObject(capabilities[capability])) continue
    for (const method of methods) {
      let cursor = ''
      for (let page = 0; page < MAX_PAGES && !r.rpc.signal.aborted; page++) {
        const { call, result } = await ask(r, asker, method, cursor)
        if (!result) break
        if (keepable(result, cached)) (keep(r, call, result), kept++)
        const next = result.nextCursor
        if (typeof next !== 'string' || !next || next.length > MAX_CURSOR_LENGTH) break
        cursor = next
      }
    }
  }
  return kept
}

let nextId = 1

async function ask(r: DiscoveryRefresh, asker: Asker, method: DiscoveryMethod, cursor: string) {
  const id = nextId++ % 1_000_000_000
  const params = asker.params(cursor)
  const call = callOf(id, method, asker.revision, asker.modern, cursor, params)
  const answer = await postToPod(r.rpc, { id, method, params }, asker.headers(method))
  return { call, result: answer.result }
}

function callOf(
  id: number,
  method: DiscoveryMethod,
  revision: string,
  modern: boolean,
  cursor: string,
  params: Record<string, unknown>
): DiscoveryCall {
  return { id, method, revision, cursor, modern, params }
}

/** May be served to any caller: public, or without a hint where the server opted in. */
function keepable(result: Record<string, unknown>, cached: boolean): boolean {
  return result.cacheScope === 'public' || (result.cacheScope === undefined && cached)
}

function keep(r: DiscoveryRefresh, call: DiscoveryCall, result: Record<string, unknown>) {
  // Kept as a public or hint-less answer: no caller's principal goes with it.
  r.keeper.keep(r.name, r.deployment, call, '', result)
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
