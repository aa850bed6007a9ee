import * as v from 'valibot'
import { LifecycleError } from './errors.ts'

/** read: list and status. write: everything, read included. */
export type Scope = 'read' | 'write'

/** Who is calling, as established by authentication (token, JWT, webhook source). */
export interface Principal {
  /** Safe to log: a token id, a JWT subject, `webhook:<source>`. Never a secret. */
  id: string
  scope: Scope
  /** Glob over server names ('*' any run of characters); absent means every server. */
  servers?: string
}

/** A server-name glob: DNS-1123 characters and '*'. */
export const serverPattern = v.pipe(
  v.string(),
  v.regex(/^[a-z0-9*-]{1,63}$/, "must use lowercase letters, digits, '-' and '*'")
)

export function mayTouch(principal: Principal, name: string): boolean {
  return namePredicate(principal.servers)(name)
}

// Patterns come from the tokens file (a few), compiled once each: a change stream tests every
// server of every change against its principal's pattern. Bounded, since JWTs may add more.
const MAX_COMPILED_PATTERNS = 1024
const compiled = new Map<string, (name: string) => boolean>()
const everyName = () => true

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
 * webhooks, events) enforces the same rules.
 */
export function checkAccess(principal: Principal | undefined, needed: Scope, name?: string): void {
  if (!principal) return
  if (needed === 'write' && principal.scope !== 'write') {
    throw new LifecycleError(
      'forbidden',
      `'${principal.id}' may only read; this needs the write scope.`
    )
  }
  if (name !== undefined && !mayTouch(principal, name)) {
    throw new LifecycleError('forbidden', `'${principal.id}' may not act on server '${name}'.`)
  }
}
