import { describe, expect, it } from 'vitest'
import { decideReap, type ReapReason } from './reap-decision.ts'
import type { ServerActivity } from './server-activity.ts'
import type { DeploymentSnapshot } from './snapshot.ts'

const NOW = Date.parse('2026-12-01T12:00:00Z')
const ago = (seconds: number) => NOW - seconds * 1000
const iso = (seconds: number) => new Date(ago(seconds)).toISOString()

function deployment(over: {
  annotations?: Record<string, string>
  replicas?: number
  transitions?: number[]
}): DeploymentSnapshot {
  return {
    name: 'weather',
    podLabels: { app: 'weather' },
    annotations: over.annotations ?? {},
    generation: 1,
    observedGeneration: 1,
    desiredReplicas: over.replicas ?? 1,
    currentReplicas: over.replicas ?? 1,
    readyReplicas: over.replicas ?? 1,
    availableReplicas: over.replicas ?? 1,
    updatedReplicas: over.replicas ?? 1,
    conditions: (over.transitions ?? [3600]).map((s) => ({
      type: 'Available',
      status: 'True',
      lastTransitionTime: iso(s),
    })),
  }
}

const timeout = (t: string, extra: Record<string, string> = {}) => ({
  'mcp-lifecycle/idle-timeout': t,
  ...extra,
})
const activity = (over: Partial<ServerActivity>): ServerActivity => ({
  inFlight: 0,
  sessionsSeen: [],
  ...over,
})

describe('decideReap', () => {
  it.each<
    [string, Parameters<typeof deployment>[0], ServerActivity | undefined, boolean, ReapReason]
  >([
    ['1: no annotation', {}, undefined, false, 'opted-out'],
    [
      '1: an annotation that does not parse',
      { annotations: timeout('soon') },
      undefined,
      false,
      'opted-out',
    ],
    [
      '2: already stopped',
      { annotations: timeout('1m'), replicas: 0 },
      undefined,
      false,
      'stopped',
    ],
    [
      '3: a request in flight',
      { annotations: timeout('1m') },
      activity({ inFlight: 1, lastActivity: ago(600) }),
      false,
      'in-flight',
    ],
    [
      '4: a session seen within the timeout',
      { annotations: timeout('1m') },
      activity({ lastActivity: ago(600), sessionsSeen: [ago(30)] }),
      false,
      'session',
    ],
    [
      '5: no time known',
      { annotations: timeout('1m'), transitions: [] },
      undefined,
      false,
      'unknown',
    ],
    [
      '6: annotated activity within the timeout',
      { annotations: timeout('1m', { 'mcp-lifecycle/last-activity': iso(30) }) },
      undefined,
      false,
      'active',
    ],
    [
      '6: a recent condition transition (started by hand)',
      { annotations: timeout('1m'), transitions: [10] },
      undefined,
      false,
      'active',
    ],
    [
      '6: activity seen in memory, not yet persisted',
      { annotations: timeout('1m') },
      activity({ lastActivity: ago(5) }),
      false,
      'active',
    ],
    [
      '7: idle past the timeout',
      { annotations: timeout('1m', { 'mcp-lifecycle/last-activity': iso(61) }) },
      undefined,
      true,
      'idle',
    ],
    [
      '7: sessions seen only before the timeout',
      { annotations: timeout('1m') },
      activity({ lastActivity: ago(120), sessionsSeen: [ago(120)] }),
      true,
      'idle',
    ],
  ])('%s', (_, d, seen, stop, reason) => {
    expect(decideReap({ deployment: deployment(d), activity: seen, now: NOW })).toMatchObject({
      stop,
      reason,
    })
  })

  it('reports how long the server has been idle', () => {
    const d = deployment({
      annotations: timeout('90s', { 'mcp-lifecycle/last-activity': iso(100) }),
    })
    expect(decideReap({ deployment: d, now: NOW })).toEqual({
      stop: true,
      reason: 'idle',
      idleMs: 100_000,
    })
  })
})
