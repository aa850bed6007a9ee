import type { Principal } from '@mcp-lifecycle/core'
import type { Logger } from 'pino'
import type { Authenticator } from './authenticator.ts'
import { WRONG_CREDENTIAL } from './bearer-token.ts'
import { createJwtAuthenticator, looksLikeJwt } from './jwt-authenticator.ts'
import { createTokenAuthenticator } from './token-authenticator.ts'

/** The settings authentication is made from (named as the environment variables). */
export interface AuthSettings {
  MCPL_AUTH: 'token' | 'none'
  MCPL_TOKENS_FILE?: string | undefined
  MCPL_JWT_JWKS_URL?: string | undefined
  MCPL_JWT_ISSUER?: string | undefined
  MCPL_JWT_AUDIENCE?: string | undefined
  MCPL_JWT_SCOPE_CLAIM: string
}

/** Everyone may do everything: only with MCPL_AUTH=none, which also binds 127.0.0.1. */
export const UNAUTHENTICATED: Principal = { id: 'unauthenticated', scope: 'write' }

/**
 * The authenticator the settings ask for: tokens from MCPL_TOKENS_FILE, JWTs when
 * MCPL_JWT_JWKS_URL is set, both when both are. Token mode with neither is a start-up error.
 */
export function createAuthenticator(settings: AuthSettings, logger: Logger): Authenticator {
  if (settings.MCPL_AUTH === 'none') return async () => UNAUTHENTICATED
  const tokens = settings.MCPL_TOKENS_FILE
    ? createTokenAuthenticator(settings.MCPL_TOKENS_FILE, (err) =>
        logger.error({ err }, 'tokens file reload failed; keeping the previous tokens')
      )
    : undefined
  const jwt = settings.MCPL_JWT_JWKS_URL ? createJwt(settings) : undefined
  if (!tokens && !jwt) {
    throw new Error(
      'Authentication needs MCPL_TOKENS_FILE or MCPL_JWT_JWKS_URL (or MCPL_AUTH=none, local only).'
    )
  }
  return async (authorization) => {
    if (jwt && (looksLikeJwt(authorization) || !tokens)) return jwt(authorization)
    if (tokens) return tokens.authenticate(authorization)
    throw WRONG_CREDENTIAL
  }
}

function createJwt(settings: AuthSettings) {
  if (!settings.MCPL_JWT_ISSUER || !settings.MCPL_JWT_AUDIENCE) {
    throw new Error('MCPL_JWT_JWKS_URL needs MCPL_JWT_ISSUER and MCPL_JWT_AUDIENCE too.')
  }
  return createJwtAuthenticator({
    keys: new URL(settings.MCPL_JWT_JWKS_URL!),
    issuer: settings.MCPL_JWT_ISSUER,
    audience: settings.MCPL_JWT_AUDIENCE,
    scopeClaim: settings.MCPL_JWT_SCOPE_CLAIM,
  })
}
