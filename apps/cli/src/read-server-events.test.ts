import { describe, expect, it } from 'vitest'
import { readServerSentEvents, type ServerSentEvent } from './read-server-events.ts'

async function read(chunks: string[]): Promise<ServerSentEvent[]> {
  const encoder = new TextEncoder()
  const body = new ReadableStream<Uint8Array>({
    start(stream) {
      for (const chunk of chunks) stream.enqueue(encoder.encode(chunk))
      stream.close()
    },
  })
  const events: ServerSentEvent[] = []
  for await (const event of readServerSentEvents(body)) events.push(event)
  return events
}

describe('readServerSentEvents', () => {
  it.each([
    ['one named event', ['event: list\ndata: {}\n\n'], [{ event: 'list', data: '{}' }]],
    ['an unnamed event', ['data: x\n\n'], [{ event: 'message', data: 'x' }]],
    ['data over two lines', ['data: a\ndata: b\n\n'], [{ event: 'message', data: 'a\nb' }]],
    ['comments (heartbeats) only', [': heartbeat\n\n', ':\n\n'], []],
    [
      'CRLF line ends split across chunks',
      ['data: a\r', '\n\r', '\n'],
      [{ event: 'message', data: 'a' }],
    ],
    [
      'an event split mid-line',
      ['event: ser', 'ver\ndata: 1', '2\n\n'],
      [{ event: 'server', data: '12' }],
    ],
    ['an unfinished event at the end', ['data: cut'], []],
  ])('reads %s', async (_, chunks, events) => {
    expect(await read(chunks)).toEqual(events)
  })
})
