import { describe, expect, it } from 'vitest'
import { ChangeOutbox } from './change-outbox.ts'

const bytes = (text: string) => new TextEncoder().encode(text)
const text = (chunk: Uint8Array | null) => (chunk ? new TextDecoder().decode(chunk) : null)

describe('ChangeOutbox', () => {
  it('keeps one event per server for a client that does not read: the latest', async () => {
    const outbox = new ChangeOutbox()
    outbox.putList(bytes('L;'))
    for (let round = 0; round < 1000; round++) {
      outbox.putChanges([
        { name: 'a', frame: bytes(`a${round};`) },
        { name: 'b', frame: bytes(`b${round};`) },
      ])
    }
    expect(outbox.pendingServers).toBe(2)
    expect(text(await outbox.take())).toBe('L;a999;b999;')
  })

  it('waits for something to send, and sends the closing event last', async () => {
    const outbox = new ChangeOutbox()
    const next = outbox.take()
    outbox.putChanges([{ name: 'a', frame: bytes('a;') }])
    expect(text(await next)).toBe('a;')
    outbox.putChanges([{ name: 'b', frame: bytes('b;') }])
    outbox.putHeartbeat(bytes(':hb;'))
    outbox.end(bytes('error;'))
    outbox.putChanges([{ name: 'c', frame: bytes('c;') }])
    expect(text(await outbox.take())).toBe('b;:hb;')
    expect(text(await outbox.take())).toBe('error;')
    expect(await outbox.take()).toBeNull()
  })
})
