import {
  classifyInboundRequest,
  CLIENT_CAPABILITIES_META_KEY,
  CLIENT_INFO_META_KEY,
  PROTOCOL_VERSION_META_KEY,
  SUPPORTED_PROTOCOL_VERSIONS,
} from '@modelcontextprotocol/server'
import { LRUCache } from 'lru-cache'

/** The revision whose requests carry the per-request envelope. */
export const MODERN = '2026-07-28'
const ENVELOPE_KEYS = new Set([
  PROTOCOL_VERSION_META_KEY,
  CLIENT_CAPABILITIES_META_KEY,
  CLIENT_INFO_META_KEY,
])
/** Classifications kept, and the longest key kept: a client's envelope is a few hundred bytes. */
const KEPT = 256
const MAX_KEY_LENGTH = 4096

/** What the era of a plain tools/call depends on: its headers, tool and envelope. */
export interface CallFacts {
  version: string | undefined
  mcpMethod: string | undefined
  mcpName: string | undefined
  id: string | number
  name: string
  meta: unknown
}

type Classify = typeof classifyInboundRequest

/**
 * The era of a plain tools/call (direct-tool-call.ts has checked its shape) as the SDK's
 * classification gives it, or undefined when the SDK must serve it. The classification parses
 * the body with zod (12 % of the manager's time on `/mcp`); it depends on the headers and the
 * envelope, not on the call's id or arguments, so it is kept per headers, tool and envelope:
 * an agent sends the same envelope at every call. It is given the call without its arguments.
 * At most KEPT are kept, keys of at most MAX_KEY_LENGTH characters (longer: classified each time).
 */
export function createCallEra(classify: Classify = classifyInboundRequest) {
  const kept = new LRUCache<string, 'legacy' | 'modern' | 'sdk'>({ max: KEPT })
  return (call: CallFacts): 'legacy' | 'modern' | undefined => {
    const key = JSON.stringify([
      call.version ?? null,
      call.mcpMethod ?? null,
      call.mcpName ?? null,
      typeof call.id,
      call.name,
      call.meta ?? null,
    ])
    let era = kept.get(key)
    if (era === undefined) {
      era = eraOf(classify, call) ?? 'sdk'
      if (key.length <= MAX_KEY_LENGTH) kept.set(key, era)
    }
    return era === 'sdk' ? undefined : era
  }
}

function eraOf(classify: Classify, call: CallFacts): 'legacy' | 'modern' | undefined {
  const { version, meta } = call
  const params = { name: call.name, ...(meta !== undefined && { _meta: meta }) }
  const route = classify({
    httpMethod: 'POST',
    protocolVersionHeader: version,
    mcpMethodHeader: call.mcpMethod,
    mcpNameHeader: call.mcpName,
    body: { jsonrpc: '2.0', id: call.id, method: 'tools/call', params },
  })
  if (route.kind === 'legacy') {
    // No _meta at all: a progress token (or anything else there) needs the SDK's stream.
    const known = version === undefined || SUPPORTED_PROTOCOL_VERSIONS.includes(version)
    return meta === undefined && known ? 'legacy' : undefined
  }
  if (route.kind !== 'modern' || route.classification.revision !== MODERN) return undefined
  const exact = version === MODERN && call.mcpMethod === 'tools/call' && call.mcpName === call.name
  return exact && isEnvelopeOnly(meta) ? 'modern' : undefined
}

function isEnvelopeOnly(meta: unknown): boolean {
  if (typeof meta !== 'object' || meta === null || Array.isArray(meta)) return false
  for (const key in meta) if (!ENVELOPE_KEYS.has(key)) return false
  return true
}
