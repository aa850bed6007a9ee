import { describe, expect, it } from 'vitest'
import { headerAuthenticator } from './header-authenticator.ts'

describe('headerAuthenticator', () => {
  const authenticate = headerAuthenticator({ 'Bearer w': { id: 'writer', scope: 'write' } })

  it('answers the principal of a known header', async () => {
    await expect(authenticate('Bearer w')).resolves.toEqual({ id: 'writer', scope: 'write' })
  })

  it.each([undefined, 'Bearer x', '__proto__', 'constructor', 'toString'])(
    'refuses %s as unauthorized',
    async (header) => {
      await expect(authenticate(header)).rejects.toMatchObject({ kind: 'unauthorized' })
    }
  )
})
