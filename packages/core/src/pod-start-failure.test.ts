import { describe, expect, it } from 'vitest'
import type { PodSnapshot } from './pod-snapshot.ts'
import { podStartFailure } from './pod-start-failure.ts'
import type { DeploymentSnapshot } from './snapshot.ts'

const pod = (over: Partial<PodSnapshot> = {}): PodSnapshot => ({
  name: 'p1',
  uid: 'u1',
  ready: false,
  terminating: false,
  ports: [],
  waiting: [],
  conditions: [],
  ...over,
})

const deployment = (conditions: DeploymentSnapshot['conditions'] = []): DeploymentSnapshot => ({
  name: 'weather',
  podLabels: {},
  annotations: {},
  generation: 1,
  observedGeneration: 1,
  desiredReplicas: 1,
  currentReplicas: 1,
  readyReplicas: 0,
  availableReplicas: 0,
  updatedReplicas: 1,
  conditions,
})

const waiting = (reason: string) => pod({ waiting: [{ container: 'mcp', reason, message: 'm' }] })

describe('podStartFailure', () => {
  it.each([
    ['ImagePullBackOff', waiting('ImagePullBackOff')],
    ['ErrImagePull', waiting('ErrImagePull')],
    ['InvalidImageName', waiting('InvalidImageName')],
    ['CrashLoopBackOff', waiting('CrashLoopBackOff')],
    ['CreateContainerConfigError', waiting('CreateContainerConfigError')],
    [
      'Unschedulable',
      pod({ conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable' }] }),
    ],
  ])('fails on %s', (reason, failing) => {
    expect(podStartFailure(deployment(), [failing])).toMatchObject({ reason })
  })

  it.each([
    ['ContainerCreating', waiting('ContainerCreating')],
    ['a scheduled pod', pod({ conditions: [{ type: 'PodScheduled', status: 'True' }] })],
    [
      'a terminating pod in ImagePullBackOff',
      { ...waiting('ImagePullBackOff'), terminating: true },
    ],
  ])('does not fail on %s', (_, healthy) => {
    expect(podStartFailure(deployment(), [healthy])).toBeUndefined()
  })

  it.each([
    [
      { type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded' },
      'ProgressDeadlineExceeded',
    ],
    [{ type: 'ReplicaFailure', status: 'True', reason: 'FailedCreate' }, 'FailedCreate'],
  ])('fails on the Deployment condition %j', (condition, reason) => {
    expect(podStartFailure(deployment([condition]), [])).toMatchObject({ reason })
  })

  it('names the pod, the container and the message in the detail', () => {
    expect(podStartFailure(deployment(), [waiting('ImagePullBackOff')])?.detail).toBe(
      'pod p1, container mcp: ImagePullBackOff: m'
    )
  })
})
