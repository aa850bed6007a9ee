import type { AuthInfo } from '@modelcontextprotocol/server'
import type { CallEnvironment } from './call-tool.ts'

type Caller = NonNullable<CallEnvironment['caller']>

/**
 * The SDK's handler takes who calls as `authInfo`, pass-through to the server factory. Our HTTP
 * layer has already authenticated the caller (and holds its bounds), so the whole caller
 * context travels in `extra`; the token itself never does.
 */
export function toAuthInfo(caller: Caller): AuthInfo {
  return {
    token: '',
    clientId: caller.principal?.id ?? 'anonymous',
    scopes: caller.principal ? [caller.principal.scope] : [],
    extra: { caller },
  }
}

/** The caller context toAuthInfo carried, if any. */
export function callerOf(authInfo: AuthInfo | undefined): Caller | undefined {
  return authInfo?.extra?.caller as Caller | undefined
}
