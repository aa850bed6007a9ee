// For the tests: an authenticator over a table of bearer tokens, as the runtime's is over its
// tokens file.
import { LifecycleError, type Principal } from '@mcp-lifecycle/core'

/** Accepts `Bearer <token>` for each token of `tokens` (a Map: a header is untrusted). */
export function tokenAuthenticator(tokens: ReadonlyMap<string, Principal>) {
  return async (header: string | undefined): Promise<Principal> => {
    const principal = tokens.get(header?.replace(/^Bearer /, '') ?? '')
    if (!principal) throw new LifecycleError('unauthorized', 'Send a token.')
    return principal
  }
}

/** A read-only token and a token that may act on maps-* servers only. */
export const READER_AND_MAPS_WRITER = new Map<string, Principal>([
  ['read-token', { id: 'dashboard', scope: 'read' }],
  ['maps-token', { id: 'maps-agent', scope: 'write', servers: 'maps-*' }],
])
