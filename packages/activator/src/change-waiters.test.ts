import { describe, expect, it } from 'vitest'
import { ChangeWaiters } from './change-waiters.ts'

const never = new AbortController().signal
const later = () => Date.now() + 5_000
const late = () => new Error('late')

describe('ChangeWaiters', () => {
  it('resolves with what the check returns once a change makes it return something', async () => {
    const waiters = new ChangeWaiters()
    let value: string | undefined
    const waiting = waiters.until(() => value, never, later(), late)
    value = 'ready'
    waiters.changed()
    await expect(waiting).resolves.toBe('ready')
  })

  it('does not see a change it was not told of', async () => {
    const waiters = new ChangeWaiters()
    let value: string | undefined
    const waiting = waiters.until(() => value, never, Date.now() + 50, late)
    value = 'ready'
    await expect(waiting).rejects.toThrow('late')
  })

  it('rejects with what the check throws', async () => {
    const waiters = new ChangeWaiters()
    const check = () => {
      throw new Error('cannot start')
    }
    await expect(waiters.until(check, never, later(), late)).rejects.toThrow('cannot start')
  })

  it('fails every waiter, and every later one, at the change after fail', async () => {
    const waiters = new ChangeWaiters()
    const waiting = waiters.until(() => undefined, never, later(), late)
    waiters.fail(new Error('closed'))
    waiters.changed()
    await expect(waiting).rejects.toThrow('closed')
    await expect(waiters.until(() => 1, never, later(), late)).rejects.toThrow('closed')
  })

  it('drops a waiter whose signal aborts', async () => {
    const waiters = new ChangeWaiters()
    const leaving = new AbortController()
    let tests = 0
    const waiting = waiters.until(() => void tests++, leaving.signal, later(), late)
    leaving.abort(new Error('gone'))
    await expect(waiting).rejects.toThrow('gone')
    waiters.changed()
    expect(tests).toBe(1)
  })
})
