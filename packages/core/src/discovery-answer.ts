import * as v from 'valibot'

/** The MCP methods whose answers are kept while a server is awake and served while it sleeps. */
export type DiscoveryMethod =
  | 'server/discover'
  | 'initialize'
  | 'tools/list'
  | 'prompts/list'
  | 'resources/list'
  | 'resources/templates/list'

export const DISCOVERY_METHODS: readonly DiscoveryMethod[] = [
  'server/discover',
  'initialize',
  'tools/list',
  'prompts/list',
  'resources/list',
  'resources/templates/list',
]

/** The list methods (the ones a `notifications/{kind}/list_changed` makes stale). */
export const DISCOVERY_LISTS: readonly DiscoveryMethod[] = [
  'tools/list',
  'prompts/list',
  'resources/list',
  'resources/templates/list',
]

/** One answer of a server to a discovery request, as it was relayed or fetched. */
export interface KeptAnswer {
  /** The protocol revision it answered under (2026-07-28, 2025-11-25...). */
  revision: string
  method: DiscoveryMethod
  /** The request's cursor; '' for the first page. */
  cursor: string
  /** The JSON-RPC result, as the server gave it. */
  result: Record<string, unknown>
  /** When it was taken (ms since the epoch). */
  takenAt: number
  /** The 2026-07-28 caching hint `cacheScope`; absent when the server gave none. */
  scope?: 'public' | 'private'
  /** The 2026-07-28 caching hint `ttlMs`. */
  ttlMs?: number
  /** For a private answer: who it was given to (a principal's id, '' without authentication). */
  principal?: string
}

/** What is kept for one server: its answers, valid for one pod template only. */
export interface KeptDiscovery {
  /** A hash of the pod template the answers were taken under (image, args, env...). */
  template: string
  answers: KeptAnswer[]
}

const REVISION = /^\d{4}-\d{2}-\d{2}$/
const keptAnswerSchema = v.object({
  revision: v.pipe(v.string(), v.regex(REVISION)),
  method: v.picklist(DISCOVERY_METHODS),
  cursor: v.pipe(v.string(), v.maxLength(1024)),
  result: v.custom<Record<string, unknown>>(
    (r) => typeof r === 'object' && r !== null && !Array.isArray(r)
  ),
  takenAt: v.pipe(v.number(), v.integer(), v.minValue(0)),
  scope: v.optional(v.picklist(['public', 'private'])),
  ttlMs: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0))),
  principal: v.optional(v.pipe(v.string(), v.maxLength(512))),
})
const keptDiscoverySchema = v.object({
  template: v.pipe(v.string(), v.minLength(1), v.maxLength(128)),
  answers: v.array(keptAnswerSchema),
})

/**
 * What a store read back, checked: storage anyone with access to it may edit is untrusted, so a
 * document that is not one of ours counts as nothing kept.
 */
export function parseKeptDiscovery(value: unknown): KeptDiscovery | undefined {
  const parsed = v.safeParse(keptDiscoverySchema, value)
  return parsed.success ? (parsed.output as KeptDiscovery) : undefined
}

/** The key an answer replaces another under: the same request, and for a private one the same caller. */
export function answerKey(a: Pick<KeptAnswer, 'revision' | 'method' | 'cursor' | 'principal'>) {
  return JSON.stringify([a.revision, a.method, a.cursor, a.principal ?? null])
}
