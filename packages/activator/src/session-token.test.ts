import { createHmac } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { createSessionCodec, isValidPodSessionId, type SessionPin } from './session-token.ts'

const SECRET = 'a-secret-of-at-least-thirty-two-chars'
const PIN: SessionPin = {
  server: 'weather',
  podUid: '5d1c-uid',
  principal: 'reader',
  session: 'abc.def',
}

describe('createSessionCodec', () => {
  const codec = createSessionCodec([SECRET])

  it('round-trips the pod and a session id that itself holds dots', () => {
    const id = codec.wrap(PIN)
    expect(id).toMatch(/^[\x21-\x7e]+$/)
    expect(codec.unwrap(id, 'weather', 'reader')).toEqual(PIN)
  })

  it('refuses a pin presented for another server or by another caller', () => {
    const id = codec.wrap(PIN)
    expect(codec.unwrap(id, 'github', 'reader')).toBeUndefined()
    expect(codec.unwrap(id, 'weather', 'writer')).toBeUndefined()
  })

  it('answers an id it verified before as then, a copy each time', () => {
    const id = codec.wrap(PIN)
    const first = codec.unwrap(id, 'weather', 'reader')!
    first.session = 'changed by a caller'
    expect(codec.unwrap(id, 'weather', 'reader')).toEqual(PIN)
    expect(codec.wrap(PIN)).toBe(id)
    expect(codec.unwrap(id, 'weather', 'writer')).toBeUndefined()
  })

  it('refuses a valid pin with another session grafted after it', () => {
    const id = codec.wrap(PIN)
    expect(codec.unwrap(`${id}x`, 'weather', 'reader')).toBeUndefined()
    expect(codec.unwrap(id.replace(/abc\.def$/, 'zzz'), 'weather', 'reader')).toBeUndefined()
  })

  // Replicas of two versions share session ids during a rolling update: the MAC never changes.
  it('signs with HMAC-SHA256 of the secret over the pin, as every version did', () => {
    const id = codec.wrap(PIN)
    const [version, kid, uid, mac] = id.split('.', 4)
    const signed = [version, kid, PIN.server, PIN.podUid, PIN.principal, PIN.session].join('\0')
    const expected = createHmac('sha256', SECRET).update(signed).digest().subarray(0, 16)
    expect(mac).toBe(expected.toString('base64url'))
    expect(uid).toBe(Buffer.from(PIN.podUid).toString('base64url'))
    expect(id.endsWith(`.${PIN.session}`)).toBe(true)
  })

  it('accepts the previous secret after a rotation, and signs with the new one', () => {
    const old = createSessionCodec([SECRET]).wrap(PIN)
    const rotated = createSessionCodec(['the-new-secret-of-thirty-two-chars!!', SECRET])
    expect(rotated.unwrap(old, 'weather', 'reader')).toEqual(PIN)
    const fresh = rotated.wrap(PIN)
    expect(createSessionCodec([SECRET]).unwrap(fresh, 'weather', 'reader')).toBeUndefined()
  })

  it.each([
    ['an id of the pod itself', 'abc'],
    [
      'a forged pod',
      `m1.xxxxxxxx.${Buffer.from('other').toString('base64url')}.AAAAAAAAAAAAAAAAAAAAAA.abc`,
    ],
    [
      'an id signed with another secret',
      createSessionCodec(['another-secret-of-thirty-two-chars!']).wrap(PIN),
    ],
    ['an empty session', codec.wrap({ ...PIN, session: 'x' }).slice(0, -1)],
    ['a 7 kB id', codec.wrap(PIN) + 'a'.repeat(7000)],
    ['control characters', codec.wrap({ ...PIN, session: 'a\nb' })],
  ])('refuses %s', (_, id) => {
    expect(codec.unwrap(id, 'weather', 'reader')).toBeUndefined()
  })
})

describe('isValidPodSessionId', () => {
  it.each([
    ['abc-123', true],
    ['', false],
    ['a b', false],
    ['x'.repeat(257), false],
  ])('%j: %s', (id, valid) => expect(isValidPodSessionId(id)).toBe(valid))
})
