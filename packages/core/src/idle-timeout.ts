/** Per-server annotation: stop the server once it has been idle this long (`15m`, `90s`). */
export const IDLE_TIMEOUT_ANNOTATION = 'mcp-lifecycle/idle-timeout'

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }
// Go-style durations, as kubectl and Knative write them: one or more <number><unit>.
const DURATION = /^(?:\d+(?:\.\d+)?(?:ms|s|m|h))+$/
const PART = /(\d+(?:\.\d+)?)(ms|s|m|h)/g
/** A longer timeout is almost certainly a typo (and would overflow timers). */
const MAX_MS = 30 * 24 * 3_600_000
/** An idle timeout under a second is a typo too: `0.4ms` would stop a server at every pass. */
const MIN_IDLE_MS = 1000

/** A duration such as `90s`, `15m` or `1h30m` in milliseconds; undefined when it is not one. */
export function parseDuration(text: string | undefined): number | undefined {
  const trimmed = text?.trim()
  if (!trimmed || !DURATION.test(trimmed)) return undefined
  let ms = 0
  for (const [, value, unit] of trimmed.matchAll(PART)) ms += Number(value) * UNIT_MS[unit!]!
  return ms > 0 && ms <= MAX_MS ? Math.round(ms) : undefined
}

/**
 * The idle timeout of one server in milliseconds; undefined when the server has not opted in.
 * A value that does not parse counts as absent: a typo must never get a server stopped.
 */
export function idleTimeoutMs(annotations: Record<string, string>): number | undefined {
  const ms = parseDuration(annotations[IDLE_TIMEOUT_ANNOTATION])
  return ms !== undefined && ms >= MIN_IDLE_MS ? ms : undefined
}
