import { describe, expect, it } from 'vitest'
import { HeldRequests } from './held-requests.ts'

describe('HeldRequests', () => {
  it('refuses a principal past its share while others still get in', () => {
    const held = new HeldRequests({ requests: 10, bytes: 1000, perPrincipal: 2 })
    held.hold(1, 'greedy')
    held.hold(1, 'greedy')
    expect(() => held.hold(1, 'greedy')).toThrow(/2 proxied requests of this caller/)
    expect(() => held.hold(1, 'polite')).not.toThrow()
  })

  it('gives a principal its share back when a request ends, and forgets it at zero', () => {
    const held = new HeldRequests({ requests: 10, bytes: 1000, perPrincipal: 1 })
    const release = held.hold(1, 'reader')
    expect(held.principals).toBe(1)
    release()
    release() // releasing twice counts once
    expect(held.principals).toBe(0)
    expect(() => held.hold(1, 'reader')).not.toThrow()
  })

  it('gives each principal a quarter of the bound unless told otherwise', () => {
    const held = new HeldRequests({ requests: 8, bytes: 1000 })
    held.hold(0)
    held.hold(0)
    expect(() => held.hold(0)).toThrow('2 proxied requests of this caller')
    expect(() => held.hold(0, 'someone')).not.toThrow()
  })

  it('still bounds every principal together, and the bytes', () => {
    const held = new HeldRequests({ requests: 2, bytes: 100, perPrincipal: 2 })
    held.hold(10, 'a')
    expect(() => held.hold(100, 'b')).toThrow(/100 bytes/)
    held.hold(10, 'b')
    expect(() => held.hold(0, 'c')).toThrow('holds 2 proxied requests already')
  })
})
