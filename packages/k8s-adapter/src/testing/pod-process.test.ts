import { describe, expect, it } from 'vitest'
import { spawnPodProcess, type PodProcess } from './pod-process.ts'

describe('spawnPodProcess', () => {
  it('keeps a process that listens running past its start timeout', async () => {
    const started = Date.now()
    let listening!: () => void
    const listens = new Promise<void>((resolve) => (listening = resolve))
    const server: PodProcess = spawnPodProcess(
      {
        pod: 'start-timeout',
        ip: '127.3.0.1',
        port: 0,
        args: ['--mode', 'stateless'],
        startTimeoutMs: 4000,
        stopTimeoutMs: 1000,
      },
      () => server?.state === 'listening' && listening()
    )
    try {
      await listens
      await new Promise((resolve) => setTimeout(resolve, started + 4500 - Date.now()))
      expect(server.state).toBe('listening')
      expect(server.failure).toBeUndefined()
    } finally {
      await server.stop()
    }
  }, 15_000)
})
