import { serverNotFound } from '../errors.ts'
import type { PodSnapshot } from '../pod-snapshot.ts'
import type { ServerPods } from '../server-pods.ts'

/**
 * A ServerPods whose pods the test sets (`set`); a server never set is unknown. Watchers get a
 * copy of the pods at once, then after every change; held to runServerPodsContract.
 */
export class MemoryServerPods implements ServerPods {
  private readonly pods = new Map<string, PodSnapshot[]>()
  private readonly listeners = new Set<() => void>()

  set(name: string, pods: PodSnapshot[]): void {
    this.pods.set(name, pods)
    for (const listener of [...this.listeners]) listener()
  }

  /** The pods as set, or undefined for an unknown server: the tests' back door. */
  peek(name: string): PodSnapshot[] | undefined {
    return structuredClone(this.pods.get(name))
  }

  async *watchPods(name: string, signal: AbortSignal): AsyncIterable<PodSnapshot[]> {
    if (!this.pods.has(name)) throw serverNotFound(name, 'in memory')
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
