import { describe, expect, it } from 'vitest'
import { ActivityLog } from './activity-log.ts'

describe('ActivityLog', () => {
  it('counts requests in flight and stamps the time of each arrival and end', () => {
    const clock = { now: 1000 }
    const log = new ActivityLog(() => clock.now)
    expect(log.activity('weather')).toBeUndefined()
    const first = log.begin('weather')
    const second = log.begin('weather')
    expect(log.activity('weather')).toMatchObject({ inFlight: 2, lastActivity: 1000 })
    clock.now = 5000
    first()
    first() // ending twice counts once
    expect(log.activity('weather')).toMatchObject({ inFlight: 1, lastActivity: 5000 })
    second()
    expect(log.activity('weather')).toMatchObject({ inFlight: 0 })
  })

  it('remembers when each session was last seen until it is deleted', () => {
    const clock = { now: 1000 }
    const log = new ActivityLog(() => clock.now)
    log.sawSession('weather', 's1')
    clock.now = 2000
    log.sawSession('weather', 's2')
    expect(log.activity('weather')?.sessionsSeen).toEqual([1000, 2000])
    log.endSession('weather', 's1')
    expect(log.activity('weather')?.sessionsSeen).toEqual([2000])
  })
})
