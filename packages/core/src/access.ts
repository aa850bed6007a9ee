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
  if (!principal.servers || principal.servers === '*') return true
  const source = principal.servers
    .split('*')
    .map((part) => part.replace(/-/g, '\\-'))
    .join('.*')
  return new RegExp(`^${source}$`).test(name)
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
