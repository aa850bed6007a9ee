import { describe, expect, it } from 'vitest'
import { connectRetryPause } from './connect-retry.ts'

// Issue 30: a fixed 100 ms step left a woken pod's first byte up to 100 ms after it listened.
describe('connectRetryPause', () => {
  it.each([
    [1, 100, 5],
    [2, 100, 10],
    [3, 100, 20],
    [4, 100, 40],
    [5, 100, 80],
    [6, 100, 100],
    [50, 100, 100],
    [1, 3, 3],
    [3, 15, 15],
  ])('after %i refusals in a row, capped at %i ms, pauses %i ms', (refusals, cap, pause) => {
    expect(connectRetryPause(refusals, cap)).toBe(pause)
  })

  it('never pauses for more than the cap however many refusals came', () => {
    for (let refusals = 1; refusals < 2000; refusals++)
      expect(connectRetryPause(refusals, 100)).toBeLessThanOrEqual(100)
  })
})
