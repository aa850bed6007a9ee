import { describe, expect, it } from 'vitest'
import { DiscoverySummaries } from './discovery-summaries.ts'
import { seededDeployment } from './testing/memory-backend.ts'
import { keptAnswer } from './testing/kept-answer.ts'

const answer = keptAnswer({ result: {}, scope: 'public' })
const deployment = (name: string) => ({
  ...seededDeployment({ name, replicas: 0 }),
  templateHash: 't1',
})

describe('DiscoverySummaries', () => {
  it('shows what the keeper read, kept and dropped, and says when that changed', () => {
    const summaries = new DiscoverySummaries()
    const changed: string[] = []
    summaries.onChange((name) => void changed.push(name))
    expect(summaries.view(deployment('a'))).toBeUndefined()
    summaries.kept('a', 't1', answer)
    expect(summaries.view(deployment('a'))).toMatchObject({ kept: true })
    // The same answer again changes nothing: no event.
    summaries.kept('a', 't1', answer)
    summaries.read('b', { template: 't1', answers: [answer] })
    summaries.forget('a')
    expect(summaries.view(deployment('a'))).toBeUndefined()
    expect(changed).toEqual(['a', 'b', 'a'])
  })

  it('is bounded: past 4096 servers the oldest summary goes', () => {
    const summaries = new DiscoverySummaries()
    for (let i = 0; i <= 4096; i++) summaries.kept(`s${i}`, 't1', answer)
    expect(summaries.view(deployment('s0'))).toBeUndefined()
    expect(summaries.view(deployment('s1'))).toBeDefined()
    expect(summaries.view(deployment('s4096'))).toBeDefined()
  })
})
