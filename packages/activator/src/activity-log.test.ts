import { describe, expect, it } from 'vitest'
import { ActivityLog, MAX_SESSIONS_PER_SERVER, SESSION_MEMORY_MS } from './activity-log.ts'

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
    log.sessionIssued('weather', 's1')
    clock.now = 2000
    log.sessionIssued('weather', 's2')
    expect(log.activity('weather')?.sessionsSeen).toEqual([1000, 2000])
    clock.now = 3000
    log.sessionUsed('weather', 's1')
    expect(log.activity('weather')?.sessionsSeen).toEqual([2000, 3000])
    log.endSession('weather', 's1')
    expect(log.activity('weather')?.sessionsSeen).toEqual([2000])
  })

  it('keeps no session it did not issue, and a bounded number of those it did', () => {
    const log = new ActivityLog()
    log.sessionUsed('weather', 'forged')
    expect(log.activity('weather')).toBeUndefined()
    for (let i = 0; i < MAX_SESSIONS_PER_SERVER + 50; i++) log.sessionIssued('weather', `s${i}`)
    expect(log.activity('weather')?.sessionsSeen).toHaveLength(MAX_SESSIONS_PER_SERVER)
  })

  it("forgets a session unseen for longer than its server's idle timeout", () => {
    const clock = { now: 0 }
    const log = new ActivityLog(() => clock.now)
    log.sessionIssued('weather', 'old', 60_000)
    clock.now = 50_000
    log.sessionIssued('weather', 'new', 60_000)
    clock.now = 61_000
    expect(log.activity('weather')?.sessionsSeen).toEqual([50_000])
    // A forgotten session is not brought back by a later request.
    log.sessionUsed('weather', 'old', 60_000)
    expect(log.activity('weather')?.sessionsSeen).toEqual([50_000])
    clock.now = 111_000
    expect(log.activity('weather')?.sessionsSeen).toEqual([])
  })

  it('keeps the sessions of a server without an idle timeout for the fixed bound', () => {
    const clock = { now: 0 }
    const log = new ActivityLog(() => clock.now)
    log.sessionIssued('weather', 's1')
    clock.now = SESSION_MEMORY_MS - 1
    expect(log.activity('weather')?.sessionsSeen).toEqual([0])
    clock.now = SESSION_MEMORY_MS + 1
    expect(log.activity('weather')?.sessionsSeen).toEqual([])
  })
})
