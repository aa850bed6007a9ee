import { describe, expect, it } from 'vitest'
import { MemoryBackend } from '../testing/memory-backend.ts'
import { createOperationContext } from './operation-context.ts'

describe('createOperationContext', () => {
  const backend = new MemoryBackend([{ name: 'weather', replicas: 1 }])

  it('ends the call when the caller goes away or the process stops, whichever comes first', () => {
    for (const which of ['caller', 'shutdown'] as const) {
      const caller = new AbortController()
      const shutdown = new AbortController()
      const ctx = createOperationContext(
        { backend, shutdownSignal: shutdown.signal },
        { signal: caller.signal }
      )
      const signal = ctx.signal!
      expect(signal.aborted).toBe(false)
      ;(which === 'caller' ? caller : shutdown).abort()
      expect(signal.aborted).toBe(true)
      expect(ctx.signal).toBe(signal)
    }
  })

  it('has the signal of an abort that came before it was read, also in a copy', () => {
    const shutdown = new AbortController()
    const ctx = createOperationContext(
      { backend, shutdownSignal: shutdown.signal },
      { signal: new AbortController().signal }
    )
    shutdown.abort()
    expect({ ...ctx }.signal?.aborted).toBe(true)
  })

  it('gives every combined signal one getter, so contexts keep one shape', () => {
    const shutdown = new AbortController().signal
    const getterOf = () =>
      Object.getOwnPropertyDescriptor(
        createOperationContext(
          { backend, shutdownSignal: shutdown },
          { signal: AbortSignal.timeout(1000) }
        ),
        'signal'
      )?.get
    const first = getterOf()
    expect(first).toBeTypeOf('function')
    expect(getterOf()).toBe(first)
  })
})
