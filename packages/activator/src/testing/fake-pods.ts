import { serverNotFound, type PodSnapshot, type ServerPods } from '@mcp-lifecycle/core'

/** A ServerPods whose pods the test sets; watchers see every change. */
export class FakePods implements ServerPods {
  private readonly pods = new Map<string, PodSnapshot[]>()
  private readonly listeners = new Set<() => void>()

  set(name: string, pods: PodSnapshot[]): void {
    this.pods.set(name, pods)
    for (const listener of [...this.listeners]) listener()
  }

  async *watchPods(name: string, signal: AbortSignal): AsyncIterable<PodSnapshot[]> {
    if (!this.pods.has(name)) throw serverNotFound(name, 'in the fake')
    for (;;) {
      const changed = new Promise<void>((resolve) => {
        const listener = () => (this.listeners.delete(listener), resolve())
        this.listeners.add(listener)
        signal.addEventListener('abort', listener, { once: true })
      })
      yield structuredClone(this.pods.get(name) ?? [])
      await changed
      if (signal.aborted) return
    }
  }
}

/** A Ready pod on 127.0.0.1 serving MCP on `port`. */
export function readyPod(name: string, port: number, over: Partial<PodSnapshot> = {}): PodSnapshot {
  return {
    name,
    uid: `uid-${name}`,
    ip: '127.0.0.1',
    ready: true,
    terminating: false,
    ports: [{ name: 'http', containerPort: port }],
    waiting: [],
    conditions: [{ type: 'Ready', status: 'True' }],
    ...over,
  }
}
