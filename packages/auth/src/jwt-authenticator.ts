import { LifecycleError, type Principal } from '@mcp-lifecycle/core'
import { createRemoteJWKSet, jwtVerify, type JWTVerifyGetKey } from 'jose'
import { bearerToken, WRONG_CREDENTIAL } from './bearer-token.ts'

export interface JwtOptions {
  /** The issuer's keys: a JWKS URL in production, a local key set in tests. */
  keys: JWTVerifyGetKey | URL
  issuer: string
  audience: string
  /** Claim with the scopes: a space-separated string or an array. */
  scopeClaim: string
}

/**
 * OIDC JWTs verified with jose against the issuer's JWKS, with issuer, audience and expiry
 * checked. Scopes `mcp-lifecycle:write` or `mcp-lifecycle:read` from the scope claim; the
 * principal id is the subject.
 */
export function createJwtAuthenticator(options: JwtOptions) {
  const keys = options.keys instanceof URL ? createRemoteJWKSet(options.keys) : options.keys
  return async (authorization: string | undefined): Promise<Principal> => {
    const token = bearerToken(authorization)
    let payload: Record<string, unknown>
    try {
      ;({ payload } = await jwtVerify(token, keys, {
        issuer: options.issuer,
        audience: options.audience,
      }))
    } catch {
      throw WRONG_CREDENTIAL
    }
    const claim = payload[options.scopeClaim]
    const scopes = Array.isArray(claim) ? claim.map(String) : String(claim ?? '').split(/\s+/)
    const id = `jwt:${String(payload.sub ?? 'unknown')}`
    if (scopes.includes('mcp-lifecycle:write')) return { id, scope: 'write' }
    if (scopes.includes('mcp-lifecycle:read')) return { id, scope: 'read' }
    throw new LifecycleError('forbidden', `'${id}' has no mcp-lifecycle scope.`)
  }
}

/** A compact JWS has three base64url parts; opaque tokens do not. */
export function looksLikeJwt(authorization: string | undefined): boolean {
  return /^Bearer\s+[\w-]+\.[\w-]+\.[\w-]+\s*$/i.test(authorization ?? '')
}
