import { describe, expect, it } from 'vitest'
import { createProgressReporter, type ProgressUpdate } from './progress-reporter.ts'

function report(events: [ready: number, desired: number][]): ProgressUpdate[] {
  const sent: ProgressUpdate[] = []
  const onProgress = createProgressReporter((update) => sent.push(update))
  for (const [ready, desired] of events) onProgress({ ready, desired })
  return sent
}

describe('createProgressReporter', () => {
  it('reports ready out of desired while starting', () => {
    expect(
      report([
        [0, 1],
        [1, 1],
      ])
    ).toEqual([
      { progress: 0, total: 1, message: '0/1 replicas ready' },
      { progress: 1, total: 1, message: '1/1 replicas ready' },
    ])
  })

  it('drops repeats, so progress always increases', () => {
    expect(
      report([
        [1, 3],
        [1, 3],
        [2, 3],
        [2, 3],
        [3, 3],
      ]).map((u) => u.progress)
    ).toEqual([1, 2, 3])
  })

  it('counts the replicas removed while scaling down', () => {
    expect(
      report([
        [3, 1],
        [2, 1],
        [1, 1],
      ])
    ).toEqual([
      { progress: 0, total: 2, message: '3/1 replicas ready' },
      { progress: 1, total: 2, message: '2/1 replicas ready' },
      { progress: 2, total: 2, message: '1/1 replicas ready' },
    ])
  })
})
