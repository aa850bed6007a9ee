import { describe, expect, it } from 'vitest'
import type { KeptAnswer } from './discovery-answer.ts'
import { keptAnswer } from './testing/kept-answer.ts'
import { discoveryVerdict, servableAnswer } from './discovery-serving.ts'
import type { DiscoveryVerdict, ServingContext } from './discovery-serving.ts'

const base = keptAnswer()
const publicAnswer: KeptAnswer = { ...base, scope: 'public', ttlMs: 10 }
const privateAnswer: KeptAnswer = { ...base, scope: 'private', ttlMs: 500, principal: 'alice' }
const ctx = (over: Partial<ServingContext> = {}): ServingContext => ({
  template: 't1',
  annotations: {},
  principal: 'alice',
  now: 1_200,
  ...over,
})
const optedIn = { annotations: { 'mcp-lifecycle/discovery': 'cached' } }
const optedOut = { annotations: { 'mcp-lifecycle/discovery': 'off' } }

describe('discoveryVerdict', () => {
  it.each<[string, KeptAnswer, string, Partial<ServingContext>, DiscoveryVerdict]>([
    ['another template', publicAnswer, 't0', {}, 'other-template'],
    ['another template, opted in', base, 't0', optedIn, 'other-template'],
    ['opted out, even public', publicAnswer, 't1', optedOut, 'opted-out'],
    ['private, another caller', privateAnswer, 't1', { principal: 'bob' }, 'other-caller'],
    [
      'private, another caller, opted in',
      privateAnswer,
      't1',
      { principal: 'bob', ...optedIn },
      'other-caller',
    ],
    ['private, past ttlMs', privateAnswer, 't1', { now: 1_500 }, 'expired'],
    ['private, past ttlMs, opted in', privateAnswer, 't1', { now: 1_500, ...optedIn }, 'expired'],
    ['private, same caller, fresh', privateAnswer, 't1', {}, 'serve'],
    ['public, past its ttlMs', publicAnswer, 't1', { principal: 'bob' }, 'serve'],
    ['no hint, not opted in', base, 't1', {}, 'not-opted-in'],
    ['no hint, opted in', base, 't1', optedIn, 'serve'],
  ])('%s: %s', (_, answer, template, over, verdict) => {
    expect(discoveryVerdict(template, answer, ctx(over))).toBe(verdict)
  })
})

describe('servableAnswer', () => {
  const kept = { template: 't1', answers: [privateAnswer, { ...publicAnswer, cursor: 'p2' }] }
  it('finds the answer to the same revision, method and cursor that may be served', () => {
    const request = { revision: '2026-07-28', method: 'tools/list' as const, cursor: 'p2' }
    expect(servableAnswer(kept, request, ctx({ principal: 'bob' }))?.cursor).toBe('p2')
    expect(servableAnswer(kept, { ...request, cursor: '' }, ctx())).toBe(privateAnswer)
    expect(servableAnswer(kept, { ...request, cursor: '' }, ctx({ principal: 'bob' }))).toBe(
      undefined
    )
    expect(servableAnswer(kept, { ...request, revision: '2025-11-25' }, ctx())).toBe(undefined)
    expect(servableAnswer(undefined, request, ctx())).toBe(undefined)
  })
})
