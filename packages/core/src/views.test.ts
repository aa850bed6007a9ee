import { describe, expect, it } from 'vitest'
import type { DeploymentSnapshot, ServerSnapshot } from './snapshot.ts'
import * as v from 'valibot'
import { serverStatusViewSchema } from './view-schemas.ts'
import { lastActivity, toStatusView } from './views.ts'

const base: DeploymentSnapshot = {
  name: 'weather',
  podLabels: { app: 'weather' },
  annotations: {},
  generation: 1,
  observedGeneration: 1,
  desiredReplicas: 1,
  currentReplicas: 1,
  readyReplicas: 1,
  availableReplicas: 1,
  updatedReplicas: 1,
  conditions: [
    { type: 'Available', status: 'True', lastTransitionTime: '2026-11-20T10:00:00Z' },
    {
      type: 'Progressing',
      status: 'True',
      reason: 'NewReplicaSetAvailable',
      lastTransitionTime: '2026-11-21T09:00:00Z',
    },
  ],
}

describe('lastActivity', () => {
  it('is the newest condition transition time', () => {
    expect(lastActivity(base)).toBe('2026-11-21T09:00:00.000Z')
  })
  it('is the annotation when it is newer', () => {
    const annotated = {
      ...base,
      annotations: { 'mcp-lifecycle/last-activity': '2026-11-24T12:30:00+01:00' },
    }
    expect(lastActivity(annotated)).toBe('2026-11-24T11:30:00.000Z')
  })
  it('ignores an unparseable annotation', () => {
    const annotated = { ...base, annotations: { 'mcp-lifecycle/last-activity': 'yesterday' } }
    expect(lastActivity(annotated)).toBe('2026-11-21T09:00:00.000Z')
  })
  it('is null when nothing is known', () => {
    expect(lastActivity({ ...base, conditions: [] })).toBeNull()
  })
})

describe('toStatusView', () => {
  it('renders the snake_case shape of the API', () => {
    expect(toStatusView({ deployment: base, services: [] })).toEqual({
      name: 'weather',
      status: 'running',
      replicas: 1,
      ready_replicas: 1,
      available_replicas: 1,
      updated_replicas: 1,
      endpoints: [],
      last_activity: '2026-11-21T09:00:00.000Z',
      conditions: [
        {
          type: 'Available',
          status: 'True',
          reason: null,
          message: null,
          last_transition_time: '2026-11-20T10:00:00Z',
        },
        {
          type: 'Progressing',
          status: 'True',
          reason: 'NewReplicaSetAvailable',
          message: null,
          last_transition_time: '2026-11-21T09:00:00Z',
        },
      ],
    })
  })
})

describe('view schemas', () => {
  it('describe what toStatusView produces (the OpenAPI document is generated from them)', () => {
    const view = toStatusView({
      deployment: {
        ...base,
        annotations: { 'mcp-lifecycle/last-activity': '2026-11-24T12:30:00Z' },
      },
      services: [],
    })
    expect(v.safeParse(serverStatusViewSchema, view).issues).toBeUndefined()
  })
})

describe('toStatusView', () => {
  const services: ServerSnapshot['services'] = []
  it('gives the same view for the same snapshots and options: a cached server is viewed once per change', () => {
    const options = { nodeHosts: ['127.0.0.1'] }
    const first = toStatusView({ deployment: base, services }, options)
    expect(toStatusView({ deployment: base, services }, options)).toBe(first)
  })
  it('builds a new view when the Deployment, its Services or the options change', () => {
    const options = { nodeHosts: ['127.0.0.1'] }
    const first = toStatusView({ deployment: base, services }, options)
    const scaled = { ...base, desiredReplicas: 0, readyReplicas: 0 }
    expect(toStatusView({ deployment: scaled, services }, options).replicas).toBe(0)
    expect(toStatusView({ deployment: base, services: [] }, options)).not.toBe(first)
    expect(toStatusView({ deployment: base, services }, { nodeHosts: [] })).not.toBe(first)
  })
})
