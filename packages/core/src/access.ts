import * as v from 'valibot'
import { LifecycleError } from './errors.ts'
import { namespaceNotFound } from './managed-namespaces.ts'

/** read: list and status. write: everything, read included. */
export type Scope = 'read' | 'write'

/** Who is calling, as established by authentication (token, JWT, webhook source). */
export interface Principal {
  /** Safe to log: a token id, a JWT subject, `webhook:<source>`. Never a secret. */
  id: string
  scope: Scope
  /**
   * Glob over servers ('*' any run of characters); absent means every server. A glob of the
   * form namespace/name (`team-a/` then `*`; `*` then `/mcp-github`) names namespaces too; a
   * plain name glob means the servers of the default namespace, as before there were several.
   */
  servers?: string
}

/** Where a call acts: its namespace, and the one a pattern without '/' stands for. */
export interface Where {
  namespace: string
  defaultNamespace: string
}

const GLOB = '[a-z0-9*-]{1,63}'

/** A server glob: DNS-1123 characters and '*', optionally `namespace-glob/name-glob`. */
export const serverPattern = v.pipe(
  v.string(),
  v.regex(
    new RegExp(`^(${GLOB}/)?${GLOB}$`),
    "must use lowercase letters, digits, '-' and '*', optionally as namespace/name"
  )
)

/**
 * Whether the principal may act on the server. Without `where` (a caller of one namespace that
 * does not say which), only a plain name glob can match: a namespaced one is refused.
 */
export function mayTouch(principal: Principal, name: string, where?: Where): boolean {
  if (!where) return namePredicate(principal.servers)(name)
  return maySeeNamespace(principal, where) && visibleIn(principal, where)(name)
}

/** Whether any server of the namespace is the principal's: else the namespace is not shown. */
export function maySeeNamespace(principal: Principal | undefined, where: Where): boolean {
  const pattern = principal?.servers
  if (!pattern || pattern === '*') return true
  const slash = pattern.indexOf('/')
  if (slash < 0) return where.namespace === where.defaultNamespace
  return namePredicate(pattern.slice(0, slash))(where.namespace)
}

/** The test of the server names of one namespace the principal may see (none when hidden). */
export function visibleIn(
  principal: Principal | undefined,
  where: Where
): (name: string) => boolean {
  const pattern = principal?.servers
  if (!pattern || pattern === '*') return everyName
  if (!maySeeNamespace(principal, where)) return noName
  const slash = pattern.indexOf('/')
  return namePredicate(slash < 0 ? pattern : pattern.slice(slash + 1))
}

// Patterns come from the tokens file (a few), compiled once each: a change stream tests every
// server of every change against its principal's pattern. Bounded, since JWTs may add more.
const MAX_COMPILED_PATTERNS = 1024
const compiled = new Map<string, (name: string) => boolean>()
const everyName = () => true
const noName = () => false

/** The test of a server-name glob, compiled once per pattern; absent or '*': every name. */
export function namePredicate(pattern: string | undefined): (name: string) => boolean {
  if (!pattern || pattern === '*') return everyName
  let test = compiled.get(pattern)
  if (!test) {
    if (compiled.size >= MAX_COMPILED_PATTERNS) compiled.clear()
    const source = pattern
      .split('*')
      .map((part) => part.replace(/-/g, '\\-'))
      .join('.*')
    const regex = new RegExp(`^${source}$`)
    test = (name) => regex.test(name)
    compiled.set(pattern, test)
  }
  return test
}

/**
 * Throws 'forbidden' unless the principal has the scope and, for one server, may touch it.
 * Checked by every operation before any backend call, so every entry point (HTTP, MCP,
 * webhooks, events) enforces the same rules. A namespace the principal is not given is a 404,
 * worded as an unmanaged one: another tenant's namespaces are not even shown to exist.
 */
export function checkAccess(
  principal: Principal | undefined,
  needed: Scope,
  name?: string,
  where?: Where
): void {
  if (!principal) return
  if (where && !maySeeNamespace(principal, where)) throw namespaceNotFound(where.namespace)
  if (needed === 'write' && principal.scope !== 'write') {
    throw new LifecycleError(
      'forbidden',
      `'${principal.id}' may only read; this needs the write scope.`
    )
  }
  if (name !== undefined && !mayTouch(principal, name, where)) {
    throw new LifecycleError('forbidden', `'${principal.id}' may not act on server '${name}'.`)
  }
}
