import { describe, expect, it } from 'vitest'
import { answers } from './ready-probe.ts'

describe('answers', () => {
  const result = '{"jsonrpc":"2.0","id":1,"result":{}}'
  it.each([
    ['a JSON result', result, 'application/json', true],
    ['a JSON error', '{"jsonrpc":"2.0","id":1,"error":{"code":-32000}}', 'application/json', false],
    ['a result for another id', '{"jsonrpc":"2.0","id":2,"result":{}}', 'application/json', false],
    ['a result in an SSE event', `event: message\ndata: ${result}\n\n`, 'text/event-stream', true],
    [
      'an SSE stream without it',
      'data: {"jsonrpc":"2.0","method":"x"}\n\n',
      'text/event-stream',
      false,
    ],
    ['no JSON', '<html>', 'text/html', false],
  ])('%s: %s', (_, text, type, ok) => expect(answers(text, type, 1)).toBe(ok))
})
