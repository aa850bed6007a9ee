import * as v from 'valibot'
import { describe, expect, it } from 'vitest'
import { namespaceSelection, selects } from './namespace-selection.ts'

describe('namespaceSelection', () => {
  it.each([
    ['*', { all: true }],
    [' * ', { all: true }],
    ['team-a', { all: false, namespaces: ['team-a'] }],
    ['team-a, team-b,team-a', { all: false, namespaces: ['team-a', 'team-b'] }],
  ])('reads %j', (text, expected) => {
    expect(v.parse(namespaceSelection, text)).toEqual(expected)
  })

  it.each(['', 'Team-A', 'team-a,,team-b', 'a/b', '*,team-a', 'x'.repeat(64)])(
    'refuses %j and says why',
    (text) => {
      const result = v.safeParse(namespaceSelection, text)
      expect(result.success).toBe(false)
      expect(result.issues?.[0]?.message).toMatch(/namespace/)
    }
  )

  it('takes in a listed namespace only, or every one for *', () => {
    const listed = v.parse(namespaceSelection, 'team-a')
    expect([selects(listed, 'team-a'), selects(listed, 'team-b')]).toEqual([true, false])
    expect(selects(v.parse(namespaceSelection, '*'), 'anything')).toBe(true)
  })
})
