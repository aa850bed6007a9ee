import { writeTempJson } from '@mcp-lifecycle/auth/testing'
import { exportJWK, generateKeyPair, SignJWT } from 'jose'
import { pino } from 'pino'
import { describe, expect, it } from 'vitest'
import { createAuthenticator, type AuthSettings } from './authenticator-from-settings.ts'

const logger = pino({ level: 'silent' })
const base: AuthSettings = {
  MCPL_AUTH: 'token',
  MCPL_JWT_SCOPE_CLAIM: 'scope',
  MCPL_JWT_MAX_TOKEN_AGE_SECONDS: 3600,
}
const TOKEN = 'a-bearer-token-of-24-characters-or-more'

function files() {
  return {
    tokens: writeTempJson('tokens.json', { tokens: [{ id: 'ops', scope: 'read', token: TOKEN }] }),
    subjects: writeTempJson('subjects.json', {
      subjects: [{ serviceAccount: 'broker', scope: 'write' }],
    }),
  }
}

/** A file every credentials schema refuses. */
const badFile = () => writeTempJson('bad.json', { tokens: 'none', subjects: 'none' })

describe('createAuthenticator', () => {
  it('with MCPL_JWT_ISSUER=cluster, verifies against the cluster issuer source, beside bearer tokens', async () => {
    const { publicKey, privateKey } = await generateKeyPair('RS256')
    const jwk = { ...(await exportJWK(publicKey)), kid: 'k', alg: 'RS256' }
    const issuer = 'https://kubernetes.default.svc.cluster.local'
    const { tokens, subjects } = files()
    const authenticate = createAuthenticator(
      {
        ...base,
        MCPL_TOKENS_FILE: tokens,
        MCPL_JWT_ISSUER: 'cluster',
        MCPL_JWT_AUDIENCE: 'mcp-lifecycle-start',
        MCPL_JWT_SUBJECTS_FILE: subjects,
      },
      logger,
      {
        clusterIssuer: {
          openidConfiguration: async () => ({ issuer }),
          jwks: async () => ({ keys: [jwk] }),
        },
        namespace: 'mcp',
      }
    )
    const jwt = await new SignJWT({ iss: issuer, aud: 'mcp-lifecycle-start' })
      .setSubject('system:serviceaccount:mcp:broker')
      .setProtectedHeader({ alg: 'RS256', kid: 'k' })
      .setIssuedAt()
      .setExpirationTime('10m')
      .sign(privateKey)
    await expect(authenticate(`Bearer ${jwt}`)).resolves.toEqual({
      id: 'jwt:system:serviceaccount:mcp:broker',
      scope: 'write',
    })
    await expect(authenticate(`Bearer ${TOKEN}`)).resolves.toEqual({ id: 'ops', scope: 'read' })
  })

  it.each<[string, Partial<AuthSettings>, RegExp]>([
    ['no credential source', {}, /needs MCPL_TOKENS_FILE/],
    [
      'the cluster issuer and a JWKS URL',
      { MCPL_JWT_ISSUER: 'cluster', MCPL_JWT_JWKS_URL: 'https://a/jwks', MCPL_JWT_AUDIENCE: 'a' },
      /unset MCPL_JWT_JWKS_URL/,
    ],
    [
      'a JWKS URL in clear',
      { MCPL_JWT_ISSUER: 'https://a', MCPL_JWT_JWKS_URL: 'http://a/jwks', MCPL_JWT_AUDIENCE: 'a' },
      /^MCPL_JWT_JWKS_URL must be an https: URL/,
    ],
    ['a tokens file of bad content', { MCPL_TOKENS_FILE: badFile() }, /^MCPL_TOKENS_FILE \S+: /],
    [
      'a subjects file of bad content',
      { MCPL_JWT_ISSUER: 'cluster', MCPL_JWT_AUDIENCE: 'a', MCPL_JWT_SUBJECTS_FILE: badFile() },
      /^MCPL_JWT_SUBJECTS_FILE \S+: /,
    ],
    ['a JWT issuer without an audience', { MCPL_JWT_ISSUER: 'cluster' }, /MCPL_JWT_AUDIENCE/],
  ])('refuses to start with %s', (_case, settings, message) => {
    const clusterIssuer = { openidConfiguration: async () => ({}), jwks: async () => ({}) }
    expect(() => createAuthenticator({ ...base, ...settings }, logger, { clusterIssuer })).toThrow(
      message
    )
  })
})
