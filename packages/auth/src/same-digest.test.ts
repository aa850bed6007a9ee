import { describe, expect, it } from 'vitest'
import { sameDigest } from './same-digest.ts'

describe('sameDigest', () => {
  it('is true only for the same text', () => {
    const digest = 'n4bQgYhMfWWaL+qgxVrQFaO/TxsrC4Is0V1sFbDwCgg='
    expect(sameDigest(digest, digest)).toBe(true)
    expect(sameDigest(digest, `${digest.slice(0, -2)}h=`)).toBe(false)
    expect(sameDigest(digest, `o${digest.slice(1)}`)).toBe(false)
    expect(sameDigest(digest, digest.slice(1))).toBe(false)
    expect(sameDigest('', '')).toBe(true)
  })
})
