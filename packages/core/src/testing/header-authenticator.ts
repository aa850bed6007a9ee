import { LifecycleError } from '../errors.ts'
import type { Principal } from '../access.ts'

/**
 * For the tests: an authenticator over a table of whole Authorization headers, as the runtime's
 * is over its tokens file. A Map, not the object: a header is untrusted and never a key of one.
 */
export function headerAuthenticator(
  principals: Record<string, Principal>,
  refusal = 'Send a token.'
): (header: string | undefined) => Promise<Principal> {
  const byHeader = new Map(Object.entries(principals))
  return async (header) => {
    const principal = header === undefined ? undefined : byHeader.get(header)
    if (!principal) throw new LifecycleError('unauthorized', refusal)
    return principal
  }
}
