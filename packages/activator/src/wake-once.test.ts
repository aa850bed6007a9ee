import { describe, expect, it } from 'vitest'
import { WakeOnce } from './wake-once.ts'

describe('WakeOnce', () => {
  it('starts once however many ask while it wakes, and not again until reset', async () => {
    const wake = new WakeOnce()
    let starts = 0
    const start = async () => void starts++
    await Promise.all([wake.run(start), wake.run(start), wake.run(start)])
    await wake.run(start)
    expect(starts).toBe(1)
    expect(wake.pending).toBe(true)
    wake.reset()
    expect(wake.pending).toBe(false)
    await wake.run(start)
    expect(starts).toBe(2)
  })

  it('lets the next caller try again after a start that failed', async () => {
    const wake = new WakeOnce()
    await expect(wake.run(() => Promise.reject(new Error('rate limited')))).rejects.toThrow()
    expect(wake.pending).toBe(false)
    let started = false
    await wake.run(async () => (started = true))
    expect(started).toBe(true)
  })

  it('keeps a reset that came while the start ran: the wake was already seen', async () => {
    const wake = new WakeOnce()
    await wake.run(async () => wake.reset())
    expect(wake.pending).toBe(false)
  })
})
