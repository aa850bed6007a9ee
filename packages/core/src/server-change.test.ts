import * as v from 'valibot'
import { describe, expect, it } from 'vitest'
import { serverWatchViewSchema, toWatchView } from './server-change.ts'
import type { DeploymentSnapshot } from './snapshot.ts'

const deployment = (annotations: Record<string, string>): DeploymentSnapshot => ({
  name: 'weather',
  podLabels: { app: 'weather' },
  annotations,
  generation: 1,
  observedGeneration: 1,
  desiredReplicas: 0,
  currentReplicas: 0,
  readyReplicas: 0,
  availableReplicas: 0,
  updatedReplicas: 0,
  conditions: [],
})

describe('toWatchView', () => {
  it.each([
    ['a duration, as written', { 'mcp-lifecycle/idle-timeout': '15m' }, '15m'],
    ['a compound duration, trimmed', { 'mcp-lifecycle/idle-timeout': ' 1h30m ' }, '1h30m'],
    ['no annotation', {}, null],
    ['a value the reaper ignores', { 'mcp-lifecycle/idle-timeout': 'soon' }, null],
  ])('shows the idle timeout for %s', (_, annotations, expected) => {
    const view = toWatchView({ deployment: deployment(annotations), services: [] })
    expect(view.idle_timeout).toBe(expected)
    expect(v.is(serverWatchViewSchema, view)).toBe(true)
  })
})
