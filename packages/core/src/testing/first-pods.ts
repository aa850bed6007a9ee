import type { PodSnapshot } from '../pod-snapshot.ts'
import type { ServerPods } from '../server-pods.ts'

/** The first list of a server's pods that `pods` shows; its watch is ended once it is read. */
export async function firstPods(pods: ServerPods, name: string): Promise<PodSnapshot[]> {
  const controller = new AbortController()
  try {
    for await (const seen of pods.watchPods(name, controller.signal)) return seen
    throw new Error(`the watch of ${name}'s pods ended before its first list`)
  } finally {
    controller.abort()
  }
}
