import type { CallScope } from '@mcp-lifecycle/core'
import type { AuthInfo } from '@modelcontextprotocol/server'

/** Who calls, and where this request's unexpected failures are logged (with its id). */
export interface Caller {
  scope: CallScope
  logError?: (error: unknown) => void
}

/**
 * The SDK's handler takes who calls as `authInfo`, pass-through to the server factory. Our HTTP
 * layer has already authenticated the caller, so its scope travels in `extra`; the token itself
 * never does.
 */
export function toAuthInfo(caller: Caller): AuthInfo {
  const principal = caller.scope.principal
  return {
    token: '',
    clientId: principal?.id ?? 'anonymous',
    scopes: principal ? [principal.scope] : [],
    extra: { caller },
  }
}

/** The caller toAuthInfo carried, if any. */
export function callerOf(authInfo: AuthInfo | undefined): Caller | undefined {
  return authInfo?.extra?.caller as Caller | undefined
}
