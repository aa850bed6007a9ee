import { describe, expect, it } from 'vitest'
import { PrincipalCounts } from './principal-counts.ts'

describe('PrincipalCounts', () => {
  it('counts what each principal holds and forgets a principal at zero', () => {
    const counts = new PrincipalCounts()
    const first = counts.add('alice')
    const second = counts.add('alice')
    counts.add('bob')
    expect([counts.of('alice'), counts.of('bob'), counts.size]).toEqual([2, 1, 2])
    first()
    second()
    expect([counts.of('alice'), counts.size]).toEqual([0, 1])
  })

  it('releases once: a second call of the same release changes nothing', () => {
    const counts = new PrincipalCounts()
    const release = counts.add('alice')
    counts.add('alice')
    expect(release()).toBe(true)
    expect(release()).toBe(false)
    expect(counts.of('alice')).toBe(1)
  })

  it('keeps a key such as __proto__ as any other principal id', () => {
    const counts = new PrincipalCounts()
    const release = counts.add('__proto__')
    expect(counts.of('__proto__')).toBe(1)
    release()
    expect(counts.size).toBe(0)
  })
})
