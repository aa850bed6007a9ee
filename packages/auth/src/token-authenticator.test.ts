import { createHash } from 'node:crypto'
import { writeFileSync } from 'node:fs'
import { afterEach, describe, expect, it } from 'vitest'
import { writeTempJson } from './testing/write-temp-json.ts'
import { createTokenAuthenticator, type TokenAuthenticator } from './token-authenticator.ts'

const WRITE = 'write-token-0123456789abcdef'
const READ = 'read-token-0123456789abcdefgh'
const sha = (t: string) => createHash('sha256').update(t).digest('hex')

const tokensFile = (tokens: unknown[]) => writeTempJson('tokens.json', { tokens })

let auth: TokenAuthenticator | undefined
afterEach(() => auth?.close())

describe('createTokenAuthenticator', () => {
  it('maps each token to its principal, from clear or hashed entries', async () => {
    const path = tokensFile([
      { id: 'agent', scope: 'write', servers: 'mcp-*', token: WRITE },
      { id: 'dashboard', scope: 'read', sha256: sha(READ) },
    ])
    auth = createTokenAuthenticator(path, () => {})
    await expect(auth.authenticate(`Bearer ${WRITE}`)).resolves.toEqual({
      id: 'agent',
      scope: 'write',
      servers: 'mcp-*',
    })
    await expect(auth.authenticate(`bearer ${READ}`)).resolves.toEqual({
      id: 'dashboard',
      scope: 'read',
    })
  })

  it.each([
    ['no header', undefined],
    ['another scheme', `Basic ${WRITE}`],
    ['a wrong token', 'Bearer not-a-known-token-at-all-0000'],
    ['a token prefix', `Bearer ${WRITE.slice(0, -1)}`],
  ])('answers 401 for %s', async (_case, header) => {
    auth = createTokenAuthenticator(
      tokensFile([{ id: 'agent', scope: 'write', token: WRITE }]),
      () => {}
    )
    await expect(auth.authenticate(header)).rejects.toMatchObject({
      kind: 'unauthorized',
      status: 401,
    })
  })

  it('refuses a file with a short token, naming the entry', () => {
    expect(() =>
      createTokenAuthenticator(tokensFile([{ id: 'x', scope: 'write', token: 'short' }]), () => {})
    ).toThrow(/tokens\.0/)
  })

  it('reloads the file when it changes, and keeps the old tokens when the new file is bad', async () => {
    const path = tokensFile([{ id: 'old', scope: 'write', token: WRITE }])
    const errors: unknown[] = []
    auth = createTokenAuthenticator(path, (e) => errors.push(e))
    writeFileSync(path, JSON.stringify({ tokens: [{ id: 'new', scope: 'read', token: READ }] }))
    await expect
      .poll(() => auth!.authenticate(`Bearer ${READ}`).catch(() => null), {
        timeout: 5000,
        interval: 200,
      })
      .toMatchObject({ id: 'new' })
    await expect(auth.authenticate(`Bearer ${WRITE}`)).rejects.toMatchObject({ status: 401 })
    writeFileSync(path, '{"tokens": "broken"}')
    await expect.poll(() => errors.length, { timeout: 5000, interval: 200 }).toBeGreaterThan(0)
    await expect(auth.authenticate(`Bearer ${READ}`)).resolves.toMatchObject({ id: 'new' })
  }, 20_000)
})
