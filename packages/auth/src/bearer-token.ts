import { LifecycleError } from '@mcp-lifecycle/core'

/** The credential of an `Authorization: Bearer <token>` header, or a 401. */
export function bearerToken(authorization: string | undefined): string {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '')
  if (!match?.[1]) {
    throw new LifecycleError('unauthorized', 'Send a token: Authorization: Bearer <token>.')
  }
  return match[1]
}

export const WRONG_CREDENTIAL = new LifecycleError('unauthorized', 'The token is not valid.')
