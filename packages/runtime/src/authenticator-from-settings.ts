import {
  createClusterIssuer,
  createJwtAuthenticator,
  createSubjectRules,
  createTokenAuthenticator,
  createUrlIssuer,
  looksLikeJwt,
  WRONG_CREDENTIAL,
  type Authenticator,
  type ClusterIssuerSource,
  type JwtIssuer,
} from '@mcp-lifecycle/auth'
import type { Principal } from '@mcp-lifecycle/core'
import type { Logger } from 'pino'
import { namedBySetting, openNamedBySetting } from './named-by-setting.ts'

/** MCPL_JWT_ISSUER's value for "the issuer of the cluster this process runs in". */
export const CLUSTER_ISSUER = 'cluster'

/** The settings authentication is made from (named as the environment variables). */
export interface AuthSettings {
  MCPL_AUTH: 'token' | 'none'
  MCPL_TOKENS_FILE?: string | undefined
  MCPL_JWT_JWKS_URL?: string | undefined
  MCPL_JWT_ISSUER?: string | undefined
  MCPL_JWT_AUDIENCE?: string | undefined
  MCPL_JWT_SCOPE_CLAIM: string
  MCPL_JWT_SUBJECTS_FILE?: string | undefined
  MCPL_JWT_MAX_TOKEN_AGE_SECONDS: number
}

/** What authentication reads of the cluster, from the Kubernetes adapter. */
export interface AuthSources {
  /** The cluster's service-account issuer (for MCPL_JWT_ISSUER=cluster). */
  clusterIssuer?: ClusterIssuerSource
  /** The namespace the process acts on: `serviceAccount` subject rules are in it. */
  namespace?: string
  /** How MCPL_JWT_JWKS_URL is read; the global fetch unless a test stands in for the issuer. */
  fetch?: typeof fetch
}

/** Everyone may do everything: only with MCPL_AUTH=none, which also binds 127.0.0.1. */
export const UNAUTHENTICATED: Principal = { id: 'unauthenticated', scope: 'write' }

/**
 * The authenticator the settings ask for: tokens from MCPL_TOKENS_FILE, JWTs when
 * MCPL_JWT_JWKS_URL is set or MCPL_JWT_ISSUER=cluster, both when both are. Token mode with
 * neither is a start-up error.
 */
export function createAuthenticator(
  settings: AuthSettings,
  logger: Logger,
  sources: AuthSources = {}
): Authenticator {
  if (settings.MCPL_AUTH === 'none') return async () => UNAUTHENTICATED
  const file = settings.MCPL_TOKENS_FILE
  const tokens = file
    ? openNamedBySetting('MCPL_TOKENS_FILE', () =>
        createTokenAuthenticator(file, (err) =>
          logger.error(
            { err: namedBySetting('MCPL_TOKENS_FILE', err) },
            'tokens file reload failed; keeping the previous tokens'
          )
        )
      )
    : undefined
  const jwtIssuer = issuerOf(settings, sources, logger)
  const jwt = jwtIssuer && createJwt(settings, jwtIssuer, sources, logger)
  if (!tokens && !jwt) {
    throw new Error(
      'Authentication needs MCPL_TOKENS_FILE, MCPL_JWT_JWKS_URL or MCPL_JWT_ISSUER=cluster ' +
        '(or MCPL_AUTH=none, local only).'
    )
  }
  return async (authorization) => {
    if (jwt && (looksLikeJwt(authorization) || !tokens)) return jwt(authorization)
    if (tokens) return tokens.authenticate(authorization)
    throw WRONG_CREDENTIAL
  }
}

function issuerOf(
  settings: AuthSettings,
  sources: AuthSources,
  logger: Logger
): JwtIssuer | undefined {
  if (settings.MCPL_JWT_ISSUER === CLUSTER_ISSUER) {
    if (settings.MCPL_JWT_JWKS_URL) {
      throw new Error(
        'MCPL_JWT_ISSUER=cluster reads the keys from the cluster: unset MCPL_JWT_JWKS_URL.'
      )
    }
    if (!sources.clusterIssuer)
      throw new Error('MCPL_JWT_ISSUER=cluster needs a cluster connection.')
    return createClusterIssuer(sources.clusterIssuer, undefined, (err) =>
      logger.warn({ err }, "the cluster's token issuer could not be read")
    )
  }
  if (!settings.MCPL_JWT_JWKS_URL) return undefined
  if (!settings.MCPL_JWT_ISSUER) {
    throw new Error('MCPL_JWT_JWKS_URL needs MCPL_JWT_ISSUER and MCPL_JWT_AUDIENCE too.')
  }
  const jwksUrl = new URL(settings.MCPL_JWT_JWKS_URL)
  if (jwksUrl.protocol !== 'https:') {
    throw new Error(`MCPL_JWT_JWKS_URL must be an https: URL, not ${jwksUrl.protocol}`)
  }
  return createUrlIssuer(settings.MCPL_JWT_ISSUER, jwksUrl, sources.fetch)
}

function createJwt(
  settings: AuthSettings,
  issuer: JwtIssuer,
  sources: AuthSources,
  logger: Logger
) {
  if (!settings.MCPL_JWT_AUDIENCE) {
    throw new Error('JWT verification needs MCPL_JWT_AUDIENCE (the audience tokens must carry).')
  }
  const subjectsFile = settings.MCPL_JWT_SUBJECTS_FILE
  return createJwtAuthenticator({
    issuer,
    audience: settings.MCPL_JWT_AUDIENCE,
    scopeClaim: settings.MCPL_JWT_SCOPE_CLAIM,
    maxTokenAgeSeconds: settings.MCPL_JWT_MAX_TOKEN_AGE_SECONDS,
    subjects:
      subjectsFile === undefined
        ? undefined
        : openNamedBySetting('MCPL_JWT_SUBJECTS_FILE', () =>
            createSubjectRules(subjectsFile, sources.namespace ?? 'default', (err) =>
              logger.error(
                { err: namedBySetting('MCPL_JWT_SUBJECTS_FILE', err) },
                'subjects file reload failed; keeping the previous rules'
              )
            )
          ),
  })
}
