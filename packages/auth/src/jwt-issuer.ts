import { createRemoteJWKSet, customFetch, type JWTVerifyGetKey } from 'jose'

/** Where a JWT's issuer and keys come from: a configured URL, or the cluster's own issuer. */
export interface JwtIssuer {
  /** The `iss` every token must carry (the cluster's is read when first needed). */
  issuer(): Promise<string>
  keys: JWTVerifyGetKey
}

/** How long the issuer's JWKS URL gets to answer. */
const JWKS_TIMEOUT_MS = 5000

/**
 * A configured issuer and its JWKS URL, which must be https: a JWKS read in clear could be
 * swapped on the way, and then any token verifies. Keys are cached and read again on an unknown
 * `kid` (jose's remote key set, 30 s cooldown).
 */
export function createUrlIssuer(
  issuer: string,
  jwksUrl: URL,
  fetchFn: typeof fetch = fetch
): JwtIssuer {
  if (jwksUrl.protocol !== 'https:') {
    throw new Error(`the JWKS URL must be an https: URL, not ${jwksUrl.protocol}`)
  }
  const keys = createRemoteJWKSet(jwksUrl, {
    timeoutDuration: JWKS_TIMEOUT_MS,
    [customFetch]: fetchFn,
  })
  return { issuer: async () => issuer, keys }
}
