import { LifecycleError, type Principal, type Scope } from '@mcp-lifecycle/core'
import { errors, jwtVerify, type JWSAlgorithm } from 'jose'
import { bearerToken, WRONG_CREDENTIAL } from './bearer-token.ts'
import type { JwtIssuer } from './jwt-issuer.ts'
import type { SubjectRules } from './subject-rules.ts'

export interface JwtOptions {
  issuer: JwtIssuer
  audience: string
  /** Claim with the scopes: a space-separated string or an array. */
  scopeClaim: string
  /** Grants by subject; when set, a subject no rule names is refused whatever else it carries. */
  subjects?: SubjectRules | undefined
  /** Tokens issued (`iat`, then required) longer ago than this are refused, whatever their `exp`. */
  maxTokenAgeSeconds: number
}

/**
 * Asymmetric algorithms only: with HS256 the verification key is the signing key, and a public
 * key taken as an HMAC secret lets anyone sign; `none` is no signature at all.
 */
export const JWT_ALGORITHMS: JWSAlgorithm[] = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
]

/** Clocks of issuer and verifier may disagree by this much (exp, nbf, iat). */
export const CLOCK_TOLERANCE_SECONDS = 30

/**
 * OIDC JWTs verified with jose: signature by an allowed asymmetric algorithm with the issuer's
 * keys, issuer, audience, `exp` and `sub` required, issued no longer ago than the maximum age.
 * The scope comes from the subject's rule (the operator's subjects file setting, see runtime) and from the scope claim
 * (`mcp-lifecycle:write` or `mcp-lifecycle:read`); with both, the narrower wins. The principal
 * id is the subject.
 */
export function createJwtAuthenticator(options: JwtOptions) {
  return async (authorization: string | undefined): Promise<Principal> => {
    const payload = await verify(bearerToken(authorization), options)
    const id = `jwt:${String(payload.sub)}`
    const claimed = claimedScope(payload[options.scopeClaim])
    if (!options.subjects) {
      if (claimed) return { id, scope: claimed }
      throw new LifecycleError('forbidden', `'${id}' has no mcp-lifecycle scope.`)
    }
    const grant = options.subjects.find(String(payload.sub))
    if (!grant) throw new LifecycleError('forbidden', `No subject rule names '${id}'.`)
    // A scope claim only narrows: present without an mcp-lifecycle scope, it grants nothing.
    if (claimed === null) {
      throw new LifecycleError('forbidden', `'${id}' has no mcp-lifecycle scope.`)
    }
    const scope = claimed === 'read' ? 'read' : grant.scope
    return { id, scope, ...(grant.servers && { servers: grant.servers }) }
  }
}

async function verify(token: string, options: JwtOptions) {
  const issuer = await options.issuer.issuer()
  try {
    const { payload } = await jwtVerify(token, options.issuer.keys, {
      issuer,
      audience: options.audience,
      algorithms: JWT_ALGORITHMS,
      requiredClaims: ['exp', 'sub'],
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
      maxTokenAge: options.maxTokenAgeSeconds,
    })
    return payload
  } catch (error) {
    // The keys could not be read (cluster issuer, JWKS URL): the token may be fine; retry later.
    if (error instanceof LifecycleError) throw error
    if (error instanceof errors.JWKSTimeout) {
      throw new LifecycleError('unavailable', "The issuer's keys could not be read; retry.")
    }
    throw WRONG_CREDENTIAL
  }
}

/** The scope a claim grants; undefined without the claim, null with a claim granting none. */
function claimedScope(claim: unknown): Scope | undefined | null {
  if (claim === undefined) return undefined
  const scopes = Array.isArray(claim) ? claim.map(String) : String(claim).split(/\s+/)
  if (scopes.includes('mcp-lifecycle:write')) return 'write'
  if (scopes.includes('mcp-lifecycle:read')) return 'read'
  return null
}

/** A compact JWS has three base64url parts; opaque tokens do not. */
export function looksLikeJwt(authorization: string | undefined): boolean {
  return /^Bearer\s+[\w-]+\.[\w-]+\.[\w-]+\s*$/i.test(authorization ?? '')
}
