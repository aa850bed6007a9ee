import { describe, expect, it } from 'vitest'
import { parseKeptDiscovery } from './discovery-answer.ts'

const answer = {
  revision: '2025-11-25',
  method: 'initialize',
  cursor: '',
  result: { protocolVersion: '2025-11-25' },
  takenAt: 5,
}

describe('parseKeptDiscovery', () => {
  it('reads back a document of ours', () => {
    expect(parseKeptDiscovery({ template: 't', answers: [answer] })).toEqual({
      template: 't',
      answers: [answer],
    })
  })

  it.each([
    ['not an object', 'x'],
    ['no template', { answers: [] }],
    ['an unknown method', { template: 't', answers: [{ ...answer, method: 'tools/call' }] }],
    ['a bad revision', { template: 't', answers: [{ ...answer, revision: '../x' }] }],
    ['a result that is a list', { template: 't', answers: [{ ...answer, result: [] }] }],
    ['an unknown scope', { template: 't', answers: [{ ...answer, scope: 'everyone' }] }],
  ])('counts %s as nothing kept', (_, value) => {
    expect(parseKeptDiscovery(value)).toBeUndefined()
  })
})
