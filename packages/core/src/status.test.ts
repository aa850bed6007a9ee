import { describe, expect, it } from 'vitest'
import type { DeploymentSnapshot } from './snapshot.ts'
import { deriveStatus, hasReached, type ServerStatus } from './status.ts'

function deployment(overrides: Partial<DeploymentSnapshot>): DeploymentSnapshot {
  return {
    name: 'weather',
    podLabels: {},
    annotations: {},
    generation: 2,
    observedGeneration: 2,
    desiredReplicas: 1,
    currentReplicas: 1,
    readyReplicas: 1,
    availableReplicas: 1,
    updatedReplicas: 1,
    conditions: [],
    ...overrides,
  }
}

const deadline = { type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded' }
const replicaFailure = { type: 'ReplicaFailure', status: 'True', reason: 'FailedCreate' }

describe('deriveStatus', () => {
  it.each<[string, Partial<DeploymentSnapshot>, ServerStatus]>([
    [
      'running when ready == desired > 0',
      { desiredReplicas: 2, currentReplicas: 2, readyReplicas: 2 },
      'running',
    ],
    [
      'stopped when desired == 0 and no pods are left',
      { desiredReplicas: 0, currentReplicas: 0, readyReplicas: 0 },
      'stopped',
    ],
    [
      'scaling when desired == 0 but pods still exist',
      { desiredReplicas: 0, currentReplicas: 1, readyReplicas: 1 },
      'scaling',
    ],
    [
      'scaling when some but not all pods are ready',
      { desiredReplicas: 3, currentReplicas: 3, readyReplicas: 1 },
      'scaling',
    ],
    [
      'scaling when more pods exist than desired',
      { desiredReplicas: 1, currentReplicas: 2, readyReplicas: 1 },
      'scaling',
    ],
    [
      'scaling when the new spec is not yet observed',
      { generation: 3, observedGeneration: 2 },
      'scaling',
    ],
    [
      'pending when desired > 0 and nothing is ready',
      { desiredReplicas: 1, currentReplicas: 0, readyReplicas: 0 },
      'pending',
    ],
    [
      'pending when pods exist but none is ready',
      { desiredReplicas: 2, currentReplicas: 2, readyReplicas: 0 },
      'pending',
    ],
    ['failed on ProgressDeadlineExceeded', { readyReplicas: 0, conditions: [deadline] }, 'failed'],
    ['failed on ReplicaFailure=True', { conditions: [replicaFailure] }, 'failed'],
    ['failed wins over running', { conditions: [deadline] }, 'failed'],
    [
      'not failed on ReplicaFailure=False',
      { conditions: [{ ...replicaFailure, status: 'False' }] },
      'running',
    ],
    [
      'not failed while Progressing=True',
      { conditions: [{ ...deadline, status: 'True', reason: 'NewReplicaSetAvailable' }] },
      'running',
    ],
  ])('%s', (_rule, overrides, expected) => {
    expect(deriveStatus(deployment(overrides))).toBe(expected)
  })
})

describe('hasReached', () => {
  it('is true once the wanted count is running', () => {
    expect(
      hasReached(deployment({ desiredReplicas: 2, currentReplicas: 2, readyReplicas: 2 }), 2)
    ).toBe(true)
  })
  it('is false while running at another count', () => {
    expect(hasReached(deployment({}), 2)).toBe(false)
  })
  it('is true for 0 only once no pod is left', () => {
    expect(hasReached(deployment({ desiredReplicas: 0, currentReplicas: 1 }), 0)).toBe(false)
    expect(
      hasReached(deployment({ desiredReplicas: 0, currentReplicas: 0, readyReplicas: 0 }), 0)
    ).toBe(true)
  })
})
