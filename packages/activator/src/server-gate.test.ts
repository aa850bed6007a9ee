import type { PodSnapshot } from '@mcp-lifecycle/core'
import { MemoryBackend, MemoryServerPods } from '@mcp-lifecycle/core/testing'
import { afterEach, describe, expect, it } from 'vitest'
import { ServerGate } from './server-gate.ts'
import { readyPod } from './testing/ready-pod.ts'

const cleanup: (() => void)[] = []
afterEach(() => {
  for (const step of cleanup.splice(0)) step()
})

const never = new AbortController().signal
const soon = () => Date.now() + 5_000
const late = () => new Error('late')
const READY_CHECK = { 'mcp-lifecycle/ready-check': 'mcp' }

/** A gate on `weather` whose watches have answered. */
async function openGate(pods: PodSnapshot[], annotations: Record<string, string> = {}) {
  const fake = new MemoryServerPods()
  fake.set('weather', pods)
  const gate = new ServerGate({
    name: 'weather',
    backend: new MemoryBackend([{ name: 'weather', replicas: 1, annotations }]),
    pods: fake,
    headersTimeoutMs: 1_000,
    idleMs: 60_000,
    onClosed: () => {},
  })
  cleanup.push(() => gate.close())
  await gate.until(() => gate.watched(), never, soon(), late)
  return { gate, fake }
}

describe('ServerGate', () => {
  it('counts each waiter once in its queue and refuses one past the size with 503', async () => {
    const { gate } = await openGate([])
    const first = gate.enqueue(2)
    gate.enqueue(2)
    expect(() => gate.enqueue(2)).toThrow(expect.objectContaining({ title: 'Wake queue full' }))
    first()
    first()
    gate.enqueue(2)
    expect(() => gate.enqueue(2)).toThrow(expect.objectContaining({ status: 503 }))
  })

  it('leases the least busy pod, counted at once, so that leases spread', async () => {
    const { gate } = await openGate([readyPod('weather-a', 1), readyPod('weather-b', 2)])
    const leases = [1, 2, 3, 4].map(() => gate.pickPod()!)
    expect(leases.map((l) => l.pod.name)).toEqual([
      'weather-a',
      'weather-b',
      'weather-a',
      'weather-b',
    ])
    leases[1]!.untrack()
    leases[3]!.untrack()
    expect(gate.pickPod()!.pod.name).toBe('weather-b')
  })

  it('under the ready check, offers a pod only once its probe passed, and probes it once at a time', async () => {
    const { gate } = await openGate([readyPod('weather-a', 1)], READY_CHECK)
    expect(gate.pickPod()).toBeUndefined()
    expect(gate.podsAwaitingProbe().map((p) => p.name)).toEqual(['weather-a'])
    gate.beginProbe('uid-weather-a')
    expect(gate.podsAwaitingProbe()).toEqual([])
    gate.endProbe('uid-weather-a', false)
    expect(gate.pickPod()).toBeUndefined()
    expect(gate.podsAwaitingProbe()).toHaveLength(1)
    gate.beginProbe('uid-weather-a')
    const waiting = gate.until(() => gate.pickPod(), never, soon(), late)
    gate.endProbe('uid-weather-a', true)
    expect((await waiting).pod.name).toBe('weather-a')
    expect(gate.podsAwaitingProbe()).toEqual([])
  })

  it('finds the pod a session is pinned to until it goes', async () => {
    const { gate, fake } = await openGate([readyPod('weather-a', 1)])
    expect(gate.pinnedPod('uid-weather-a')?.pod.name).toBe('weather-a')
    fake.set('weather', [readyPod('weather-a', 1, { terminating: true })])
    await gate.until(
      () => (gate.pinnedPod('uid-weather-a') ? undefined : true),
      never,
      soon(),
      late
    )
  })

  it('fails its waiters with 503 when it closes', async () => {
    const { gate } = await openGate([])
    const waiting = gate.until(() => undefined, never, soon(), late)
    gate.close()
    await expect(waiting).rejects.toMatchObject({ title: 'Shutting down', status: 503 })
    expect(gate.closed).toBe(true)
  })

  // The scale's answer may come after the watch showed the replicas: a stop after that (by
  // anyone, not only the reaper) must still let the next request wake the server.
  it('wakes again after a stop when the watch showed the wake before the scale answered', async () => {
    const backend = new MemoryBackend([{ name: 'weather', replicas: 0 }])
    const fake = new MemoryServerPods()
    fake.set('weather', [])
    const gate = new ServerGate({
      name: 'weather',
      backend,
      pods: fake,
      headersTimeoutMs: 1_000,
      idleMs: 60_000,
      onClosed: () => {},
    })
    cleanup.push(() => gate.close())
    const replicasSeen = (n: number) => () => gate.watched()?.desiredReplicas === n || undefined
    await gate.until(replicasSeen(0), never, soon(), late)
    expect(gate.needsWake).toBe(true)
    await gate.wake(async () => {
      await backend.scale('weather', 1)
      await gate.until(replicasSeen(1), never, soon(), late)
    })
    await backend.scale('weather', 0)
    await gate.until(replicasSeen(0), never, soon(), late)
    expect(gate.needsWake).toBe(true)
  })
})
