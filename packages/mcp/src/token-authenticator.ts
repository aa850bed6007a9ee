// For the tests: an authenticator over a table of bearer tokens, as the runtime's is over its
// tokens file.
import type { Principal } from '@mcp-lifecycle/core'
import { headerAuthenticator } from '@mcp-lifecycle/core/testing'

/** Accepts `Bearer <token>` for each token of `tokens` (core's header table, with the prefix). */
export function tokenAuthenticator(tokens: ReadonlyMap<string, Principal>) {
  const byHeader = [...tokens].map(([token, principal]) => [`Bearer ${token}`, principal])
  return headerAuthenticator(Object.fromEntries(byHeader))
}

/** A read-only token and a token that may act on maps-* servers only. */
export const READER_AND_MAPS_WRITER = new Map<string, Principal>([
  ['read-token', { id: 'dashboard', scope: 'read' }],
  ['maps-token', { id: 'maps-agent', scope: 'write', servers: 'maps-*' }],
])
