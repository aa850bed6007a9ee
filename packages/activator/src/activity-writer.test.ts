import { LifecycleError } from '@mcp-lifecycle/core'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { ActivityLog } from './activity-log.ts'
import { startActivityWriter } from './activity-writer.ts'

afterEach(() => {
  vi.useRealTimers()
})

function setup(recordActivity = vi.fn(async (_name: string, _at: Date) => {})) {
  vi.useFakeTimers({ now: Date.parse('2026-12-01T12:00:00Z') })
  const log = new ActivityLog()
  const writer = startActivityWriter({
    log,
    recorder: { recordActivity },
    intervalMs: 60_000,
    tickMs: 5_000,
  })
  return {
    log,
    recordActivity,
    writer,
    times: () => recordActivity.mock.calls.map(([n, at]) => `${n}@${at.toISOString()}`),
  }
}

describe('the activity writer', () => {
  it('writes the first activity at the next tick, then at most once a minute per server', async () => {
    const t = setup()
    t.log.begin('weather')()
    await vi.advanceTimersByTimeAsync(5_000)
    expect(t.times()).toEqual(['weather@2026-12-01T12:00:00.000Z'])
    for (let i = 0; i < 10; i++) {
      await vi.advanceTimersByTimeAsync(5_000)
      t.log.begin('weather')()
    }
    expect(t.recordActivity).toHaveBeenCalledTimes(1)
    await vi.advanceTimersByTimeAsync(10_000)
    expect(t.times()).toEqual([
      'weather@2026-12-01T12:00:00.000Z',
      'weather@2026-12-01T12:00:55.000Z',
    ])
    t.writer.stop()
  })

  it('writes nothing when nothing happened since the last write', async () => {
    const t = setup()
    t.log.begin('weather')()
    await vi.advanceTimersByTimeAsync(5 * 60_000)
    expect(t.recordActivity).toHaveBeenCalledTimes(1)
    t.writer.stop()
  })

  it('keeps stamping a server with a request in flight (a long stream is activity now)', async () => {
    const t = setup()
    const end = t.log.begin('weather')
    await vi.advanceTimersByTimeAsync(3 * 60_000)
    expect(t.recordActivity.mock.calls.length).toBeGreaterThanOrEqual(3)
    expect(t.times().at(-1)).toBe('weather@2026-12-01T12:02:05.000Z')
    end()
    t.writer.stop()
  })

  it('forgets a server that is gone, and waits the interval after any other failure', async () => {
    const failing = vi.fn(async (name: string) => {
      throw new LifecycleError(name === 'gone' ? 'not-found' : 'unavailable', 'no')
    })
    const t = setup(failing)
    t.log.begin('gone')()
    t.log.begin('flaky')()
    await vi.advanceTimersByTimeAsync(30_000)
    expect(failing.mock.calls.map(([n]) => n)).toEqual(['gone', 'flaky'])
    expect(t.log.names()).toEqual(['flaky'])
    t.writer.stop()
  })

  it('forgets a server once its last activity is written and it stayed idle past its idle timeout', async () => {
    const t = setup()
    t.log.begin('weather', 60_000)()
    await vi.advanceTimersByTimeAsync(5_000)
    expect(t.times()).toEqual(['weather@2026-12-01T12:00:00.000Z'])
    await vi.advanceTimersByTimeAsync(55_000)
    expect(t.log.names()).toEqual(['weather'])
    await vi.advanceTimersByTimeAsync(10_000)
    expect(t.log.names()).toEqual([])
    expect(t.recordActivity).toHaveBeenCalledTimes(1)
    // Used again: remembered again, and written again.
    t.log.begin('weather', 60_000)()
    await vi.advanceTimersByTimeAsync(5_000)
    expect(t.recordActivity).toHaveBeenCalledTimes(2)
    t.writer.stop()
  })

  it('keeps a server that is idle but holds a session the reaper still counts', async () => {
    const t = setup()
    t.log.begin('weather', 60_000)()
    t.log.sessionIssued('weather', 's1', 60_000)
    await vi.advanceTimersByTimeAsync(50_000)
    t.log.sessionUsed('weather', 's1', 60_000)
    await vi.advanceTimersByTimeAsync(40_000)
    expect(t.log.names()).toEqual(['weather'])
    t.writer.stop()
  })
})
