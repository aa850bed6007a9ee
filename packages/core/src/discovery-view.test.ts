import { describe, expect, it } from 'vitest'
import type { KeptAnswer } from './discovery-answer.ts'
import { summarizeKept, toDiscoveryView, withAnswer } from './discovery-view.ts'
import { seededDeployment } from './testing/memory-backend.ts'
import { keptAnswer } from './testing/kept-answer.ts'

const answer = (over: Partial<KeptAnswer> = {}) =>
  keptAnswer({ takenAt: Date.parse('2026-12-07T10:00:00Z'), scope: 'public', ...over })
const deployment = (annotations: Record<string, string> = {}, templateHash = 't1') => ({
  ...seededDeployment({ name: 's', replicas: 0, annotations }),
  templateHash,
})
const CACHED = { 'mcp-lifecycle/discovery': 'cached' }
const OFF = { 'mcp-lifecycle/discovery': 'off' }
const TAKEN = '2026-12-07T10:00:00.000Z'

describe('toDiscoveryView', () => {
  it.each([
    ['a public answer', [answer()], {}, 't1', true],
    ['a private answer', [answer({ scope: 'private', principal: 'a' })], {}, 't1', true],
    ['answers of another template', [answer()], {}, 't2', false],
    ['a server annotated discovery: off', [answer()], OFF, 't1', false],
    ['a hint-less answer without the opt-in', [answer({ scope: undefined })], {}, 't1', false],
    [
      'a hint-less answer under discovery: cached',
      [answer({ scope: undefined })],
      CACHED,
      't1',
      true,
    ],
  ])('%s: kept %s', (_, answers, annotations, template, kept) => {
    const summary = summarizeKept({ template: 't1', answers })!
    const view = toDiscoveryView(summary, deployment(annotations, template))
    expect(view).toEqual(
      kept
        ? { kept: true, taken_at: TAKEN, revisions: ['2026-07-28'] }
        : { kept: false, taken_at: null, revisions: [] }
    )
  })

  it('says when the newest answer was taken, and every revision, once each', () => {
    const later = Date.parse('2026-12-07T11:00:00Z')
    let summary = summarizeKept({ template: 't1', answers: [answer()] })
    summary = withAnswer(summary, answer({ revision: '2025-11-25', takenAt: later }), 't1')
    summary = withAnswer(summary, answer({ method: 'prompts/list' }), 't1')
    expect(toDiscoveryView(summary, deployment())).toEqual({
      kept: true,
      taken_at: '2026-12-07T11:00:00.000Z',
      revisions: ['2025-11-25', '2026-07-28'],
    })
  })

  it('starts afresh when an answer is kept under a new template', () => {
    const old = summarizeKept({ template: 't1', answers: [answer({ revision: '2025-11-25' })] })
    const summary = withAnswer(old, answer(), 't2')
    expect(toDiscoveryView(summary, deployment({}, 't2')).revisions).toEqual(['2026-07-28'])
  })

  it('summarizes nothing kept as nothing', () => {
    expect(summarizeKept(undefined)).toBeUndefined()
    expect(summarizeKept({ template: 't1', answers: [] })).toBeUndefined()
  })
})
