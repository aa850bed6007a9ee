import { describe, expect, it } from 'vitest'
import { createSessionCodec } from './session-token.ts'

describe('createSessionCodec', () => {
  const codec = createSessionCodec('a-secret-of-at-least-thirty-two-chars')

  it('round-trips the pod and a session id that itself holds dots', () => {
    const id = codec.wrap('5d1c-uid', 'abc.def')
    expect(id).toMatch(/^[\x21-\x7e]+$/)
    expect(codec.unwrap(id)).toEqual({ podUid: '5d1c-uid', session: 'abc.def' })
  })

  it.each([
    ['an id of the pod itself', 'abc'],
    ['a forged pod', `${Buffer.from('other').toString('base64url')}.AAAAAAAAAAAAAAAAAAAAAA.abc`],
    [
      'an id signed with another secret',
      createSessionCodec('another-secret-of-thirty-two-chars!').wrap('5d1c-uid', 'abc'),
    ],
    ['an empty session', codec.wrap('5d1c-uid', 'x').slice(0, -1)],
  ])('refuses %s', (_, id) => {
    expect(codec.unwrap(id)).toBeUndefined()
  })
})
