import type { DiscoveryMethod, KeptAnswer, KeptDiscovery } from './discovery-answer.ts'

/**
 * Whether a kept discovery answer may be served for a sleeping server. Always after the
 * caller's access check. Rules, first match wins:
 *
 * | the kept answer                             | verdict                                          |
 * |---------------------------------------------|--------------------------------------------------|
 * | taken under another pod template            | other-template: never (new image, args, env...)  |
 * | server annotated `discovery: off`           | opted-out: never                                 |
 * | `cacheScope: private`, another caller       | other-caller: never shared across callers        |
 * | `cacheScope: private`, past `ttlMs`         | expired                                          |
 * | `cacheScope: private` (same caller, fresh)  | serve                                            |
 * | `cacheScope: public`                        | serve, to any caller                             |
 * | no hint (2025, or none given)               | serve only under `discovery: cached`, else       |
 * |                                             | not-opted-in                                     |
 *
 * A public answer is served past its `ttlMs`: while the server sleeps only a new pod template
 * (which drops it) can change what it would answer; the client still gets the server's own
 * hints. A `notifications/.../list_changed` seen from the server drops the kept list.
 */
export type DiscoveryVerdict =
  'serve' | 'other-template' | 'opted-out' | 'other-caller' | 'expired' | 'not-opted-in'

/** `mcp-lifecycle/discovery`: `cached` opts in to serving answers without hints; `off` opts out. */
export const DISCOVERY_ANNOTATION = 'mcp-lifecycle/discovery'

export interface ServingContext {
  /** The hash of the server's current pod template. */
  template: string
  /** The Deployment's annotations. */
  annotations: Record<string, string>
  /** The caller's principal id ('' without authentication). */
  principal: string
  now: number
}

export function discoveryVerdict(
  template: string,
  answer: KeptAnswer,
  ctx: ServingContext
): DiscoveryVerdict {
  const optIn = ctx.annotations[DISCOVERY_ANNOTATION]
  if (template !== ctx.template) return 'other-template'
  if (optIn === 'off') return 'opted-out'
  if (answer.scope === 'private') {
    if (answer.principal !== ctx.principal) return 'other-caller'
    return ctx.now < answer.takenAt + (answer.ttlMs ?? 0) ? 'serve' : 'expired'
  }
  if (answer.scope === 'public') return 'serve'
  return optIn === 'cached' ? 'serve' : 'not-opted-in'
}

/** A discovery request, as the kept answers are keyed. */
export interface DiscoveryRequest {
  revision: string
  method: DiscoveryMethod
  cursor: string
}

/** The kept answer that may be served for `request`, if one may. */
export function servableAnswer(
  kept: KeptDiscovery | undefined,
  request: DiscoveryRequest,
  ctx: ServingContext
): KeptAnswer | undefined {
  if (!kept) return undefined
  return kept.answers.find(
    (a) =>
      a.revision === request.revision &&
      a.method === request.method &&
      a.cursor === request.cursor &&
      discoveryVerdict(kept.template, a, ctx) === 'serve'
  )
}
