import * as v from 'valibot'

/** Longest DNS-1123 label Kubernetes accepts as a Deployment name. */
export const SERVER_NAME_MAX_LENGTH = 63

/**
 * A DNS-1123 label (RFC 1123): lowercase alphanumerics and '-', 1 to 63 characters, starting
 * and ending with an alphanumeric. The names of servers, namespaces and webhook sources.
 */
export const dnsLabel = v.pipe(
  v.string('must be a string'),
  v.minLength(1, 'must not be empty'),
  v.maxLength(SERVER_NAME_MAX_LENGTH, `must be at most ${SERVER_NAME_MAX_LENGTH} characters`),
  v.regex(
    /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/,
    "must be a DNS-1123 label: lowercase letters, digits and '-', starting and ending with a letter or digit"
  )
)

/**
 * An MCP server's name: the name of its Deployment, a DNS-1123 label. Checked before any
 * Kubernetes call, so path tricks and look-alike characters never reach it.
 */
export const serverName = dnsLabel

/** Route parameters of every per-server route. */
export const serverNameParams = v.object({ name: serverName })

/**
 * Orders servers by name, character by character. Names are DNS-1123 labels (ASCII), where this
 * is the order a person expects; `localeCompare` would give the same order but its first call
 * loads ICU's collation data inside a function's cold start (issue 18).
 */
export function byName(a: { name: string }, b: { name: string }): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0
}
