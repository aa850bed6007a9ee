import { createLocalJWKSet, exportJWK, generateKeyPair, SignJWT, UnsecuredJWT } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  CLOCK_TOLERANCE_SECONDS,
  createJwtAuthenticator,
  looksLikeJwt,
} from './jwt-authenticator.ts'
import { createSubjectRules, type SubjectRules } from './subject-rules.ts'
import { writeTempJson } from './testing/write-temp-json.ts'

type PrivateKey = Awaited<ReturnType<typeof generateKeyPair>>['privateKey']
interface SignOptions {
  expiresIn?: string | number
  /** null: no `iat` at all. */
  issuedAt?: number | null
  key?: PrivateKey | Uint8Array
  alg?: string
}

const ISSUER = 'https://issuer.test'
const MAX_AGE = 3600
// A secret that a key resolver hands out: without the algorithm allow-list, jose would verify
// HS256 tokens with it, and whoever knows it could sign any token.
const PUBLISHED_SECRET = new TextEncoder().encode('a-secret-published-in-the-jwks-0123456789')

let sign: (claims: Record<string, unknown>, options?: SignOptions) => Promise<string>
let keys: ReturnType<typeof createLocalJWKSet>
let otherKey: PrivateKey
let rules: SubjectRules
const now = () => Math.floor(Date.now() / 1000)

const authenticator = (subjects?: SubjectRules) =>
  createJwtAuthenticator({
    issuer: { issuer: async () => ISSUER, keys },
    audience: 'mcp-lifecycle',
    scopeClaim: 'scope',
    maxTokenAgeSeconds: MAX_AGE,
    subjects,
  })

beforeAll(async () => {
  const { publicKey, privateKey } = await generateKeyPair('ES256')
  otherKey = (await generateKeyPair('ES256')).privateKey
  const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'ES256' }
  keys = createLocalJWKSet({ keys: [jwk] })
  sign = (claims, options = {}) => {
    const jwt = new SignJWT({
      iss: ISSUER,
      aud: 'mcp-lifecycle',
      sub: 'agent-1',
      ...claims,
    }).setProtectedHeader({ alg: options.alg ?? 'ES256', kid: 'k1' })

    if (options.issuedAt !== null) jwt.setIssuedAt(options.issuedAt ?? now())
    if (options.expiresIn !== undefined) jwt.setExpirationTime(options.expiresIn)
    return jwt.sign(options.key ?? privateKey)
  }
  const file = writeTempJson('subjects.json', {
    subjects: [
      { serviceAccount: 'broker-*', scope: 'write', servers: 'mcp-*' },
      { subject: 'system:serviceaccount:*:reader', scope: 'read' },
      { subject: 'agent-1', scope: 'write' },
    ],
  })
  rules = createSubjectRules(file, 'mcp-servers', () => {})
})
afterAll(() => rules.close())

const bearer = (token: string) => `Bearer ${token}`

describe('createJwtAuthenticator', () => {
  it('takes the scope from the claim and the id from the subject, without subject rules', async () => {
    const authenticate = authenticator()
    await expect(
      authenticate(bearer(await sign({ scope: 'openid mcp-lifecycle:write' }, { expiresIn: '5m' })))
    ).resolves.toEqual({ id: 'jwt:agent-1', scope: 'write' })
    await expect(
      authenticate(bearer(await sign({ scope: ['mcp-lifecycle:read'] }, { expiresIn: '5m' })))
    ).resolves.toEqual({ id: 'jwt:agent-1', scope: 'read' })
  })

  const tolerance = CLOCK_TOLERANCE_SECONDS
  it.each<[string, () => Promise<string>]>([
    ['expired beyond the clock tolerance', () => sign({}, { expiresIn: now() - tolerance - 5 })],
    ['for another audience', () => sign({ aud: 'someone-else' }, { expiresIn: '5m' })],
    ['from another issuer', () => sign({ iss: 'https://evil.test' }, { expiresIn: '5m' })],
    ['signed by another key', () => sign({}, { expiresIn: '5m', key: otherKey })],
    ['without exp', () => sign({})],
    ['without sub', () => sign({ sub: undefined }, { expiresIn: '5m' })],
    ['without iat', () => sign({}, { expiresIn: '5m', issuedAt: null })],
    [
      'issued longer ago than the maximum age',
      () => sign({}, { expiresIn: '5m', issuedAt: now() - MAX_AGE - tolerance - 5 }),
    ],
    ['signed HS256', () => sign({}, { expiresIn: '5m', alg: 'HS256', key: PUBLISHED_SECRET })],
    [
      "with alg 'none'",
      async () =>
        new UnsecuredJWT({ iss: ISSUER, aud: 'mcp-lifecycle', sub: 'agent-1' })
          .setIssuedAt()
          .setExpirationTime('5m')
          .encode(),
    ],
  ])('answers 401 for a JWT %s, whatever the rules grant', async (_case, make) => {
    const token = await make()
    await expect(authenticator(rules)(bearer(token))).rejects.toMatchObject({ status: 401 })
    await expect(authenticator()(bearer(token))).rejects.toMatchObject({ status: 401 })
  })

  it('answers 401 for HS256 even from a key resolver that hands out a secret', async () => {
    // jose's key sets hold no secrets; a custom resolver could: the allow-list still refuses.
    const authenticate = createJwtAuthenticator({
      issuer: { issuer: async () => ISSUER, keys: async () => PUBLISHED_SECRET },
      audience: 'mcp-lifecycle',
      scopeClaim: 'scope',
      maxTokenAgeSeconds: MAX_AGE,
    })
    const token = await sign(
      { scope: 'mcp-lifecycle:write' },
      { expiresIn: '5m', alg: 'HS256', key: PUBLISHED_SECRET }
    )
    await expect(authenticate(bearer(token))).rejects.toMatchObject({ status: 401 })
  })

  it('accepts a token expired within the clock tolerance', async () => {
    const token = await sign({}, { expiresIn: now() - 5 })
    await expect(authenticator(rules)(bearer(token))).resolves.toMatchObject({ scope: 'write' })
  })

  it('answers 403 for a valid JWT without an mcp-lifecycle scope and no rules', async () => {
    const token = await sign({ scope: 'openid' }, { expiresIn: '5m' })
    await expect(authenticator()(bearer(token))).rejects.toMatchObject({ status: 403 })
  })
})

describe('createJwtAuthenticator with subject rules', () => {
  const sa = (name: string, ns = 'mcp-servers') => `system:serviceaccount:${ns}:${name}`

  it.each<[string, Record<string, unknown>, object]>([
    [
      'a ServiceAccount of its namespace',
      { sub: sa('broker-a') },
      { scope: 'write', servers: 'mcp-*' },
    ],
    ['a subject glob', { sub: sa('reader', 'other') }, { scope: 'read' }],
    ['a subject named in full', { sub: 'agent-1' }, { scope: 'write' }],
    ['a read claim narrowing a write rule', { scope: 'mcp-lifecycle:read' }, { scope: 'read' }],
    [
      'a write claim on a read rule',
      { sub: sa('reader'), scope: 'mcp-lifecycle:write' },
      { scope: 'read' },
    ],
  ])('grants by %s', async (_case, claims, grant) => {
    const token = await sign(claims, { expiresIn: '5m' })
    const principal = await authenticator(rules)(bearer(token))
    expect(principal).toEqual({ id: `jwt:${String(claims.sub ?? 'agent-1')}`, ...grant })
  })

  it.each<[string, Record<string, unknown>]>([
    [
      'a subject no rule names, though it carries a write scope',
      { sub: 'stranger', scope: 'mcp-lifecycle:write' },
    ],
    [
      'a ServiceAccount of the same name in another namespace',
      { sub: sa('broker-a', 'elsewhere') },
    ],
    ["a '*' that would have to reach across ':'", { sub: 'system:serviceaccount:a:b:reader' }],
    ['a scope claim that grants no mcp-lifecycle scope', { scope: 'openid' }],
  ])('answers 403 for %s', async (_case, claims) => {
    const token = await sign(claims, { expiresIn: '5m' })
    await expect(authenticator(rules)(bearer(token))).rejects.toMatchObject({ status: 403 })
  })

  it('tells JWTs from opaque tokens', async () => {
    expect(looksLikeJwt(bearer(await sign({})))).toBe(true)
    expect(looksLikeJwt('Bearer opaque-token-0123456789')).toBe(false)
  })
})
