import { MemoryBackend, MemoryServerPods } from '@mcp-lifecycle/core/testing'
import { afterEach, describe, expect, it } from 'vitest'
import { QueuedWait } from './queued-wait.ts'
import { ServerGate } from './server-gate.ts'
import { readyPod } from './testing/ready-pod.ts'

const cleanup: (() => void)[] = []
afterEach(() => {
  for (const step of cleanup.splice(0)) step()
})

async function openGate() {
  const pods = new MemoryServerPods()
  pods.set('weather', [])
  const gate = new ServerGate({
    name: 'weather',
    backend: new MemoryBackend([{ name: 'weather', replicas: 1 }]),
    pods,
    headersTimeoutMs: 1_000,
    idleMs: 60_000,
    onClosed: () => {},
  })
  cleanup.push(() => gate.close())
  return { gate, pods }
}

describe('QueuedWait', () => {
  it('counts a request once in the queue across all its waits, until it leaves', async () => {
    const { gate, pods } = await openGate()
    const bounds = { size: 1, timeoutMs: 5_000 }
    const signal = new AbortController().signal
    const first = new QueuedWait(gate, 'weather', signal, bounds)
    await first.until(() => gate.watched())
    const pod = first.until(() => gate.pickPod())
    const second = new QueuedWait(gate, 'weather', signal, bounds)
    await expect(second.until(() => gate.pickPod())).rejects.toMatchObject({
      title: 'Wake queue full',
    })
    pods.set('weather', [readyPod('weather-a', 1)])
    await pod
    expect(await first.until(() => gate.pickPod())).toBeDefined()
    first.leaveQueue()
    expect(await second.until(() => gate.pickPod())).toBeDefined()
  })

  it('ends every wait at the deadline from arrival with 503', async () => {
    const { gate } = await openGate()
    const wait = new QueuedWait(gate, 'weather', new AbortController().signal, {
      size: 10,
      timeoutMs: 5_000,
    })
    wait.setBounds({ size: 10, timeoutMs: 50 })
    await expect(wait.until(() => gate.pickPod())).rejects.toMatchObject({
      title: 'MCP server not ready',
      status: 503,
    })
  })
})
