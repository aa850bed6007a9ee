import type { PodSnapshot } from './pod-snapshot.ts'
import type { ServerPods } from './server-pods.ts'

export interface SharedPodsOptions {
  /** How long a server's watch outlives its last follower (a read soon after reuses it). */
  lingerMs: number
  /** Servers watched at once; beyond, a follower gets a watch of its own. */
  maxServers: number
}

interface Upstream {
  controller: AbortController
  latest: PodSnapshot[] | undefined
  version: number
  failure: { error: unknown } | undefined
  followers: number
  linger: ReturnType<typeof setTimeout> | undefined
  wake: Set<() => void>
}

/**
 * One watch per server however many follow it: the activator's gate, every status read of a
 * pending server and every wait share it, and it lingers a little after the last one leaves,
 * so repeated reads cost no API request (each first sight would cost a list of the Deployment,
 * its pods and its ReplicaSets). A follower gets the latest pods at once, then each change
 * (changes that come faster than it reads are merged: it sees the newest).
 */
export function shareServerPods(inner: ServerPods, options: SharedPodsOptions): ServerPods {
  const upstreams = new Map<string, Upstream>()

  function start(name: string): Upstream {
    const upstream: Upstream = {
      controller: new AbortController(),
      latest: undefined,
      version: 0,
      failure: undefined,
      followers: 0,
      linger: undefined,
      wake: new Set(),
    }
    upstreams.set(name, upstream)
    const notify = () => {
      for (const wake of [...upstream.wake]) wake()
    }
    void (async () => {
      try {
        for await (const pods of inner.watchPods(name, upstream.controller.signal)) {
          upstream.latest = pods
          upstream.version++
          notify()
        }
        throw new Error(`the watch of the pods of '${name}' ended`)
      } catch (error) {
        upstream.failure = { error }
        if (upstreams.get(name) === upstream) upstreams.delete(name)
        notify()
      }
    })()
    return upstream
  }

  async function* follow(upstream: Upstream, name: string, signal: AbortSignal) {
    upstream.followers++
    clearTimeout(upstream.linger)
    let seen = 0
    try {
      for (;;) {
        if (upstream.version > seen) {
          seen = upstream.version
          yield upstream.latest!
          continue
        }
        if (upstream.failure) throw upstream.failure.error
        signal.throwIfAborted()
        await new Promise<void>((resolve) => {
          const wake = () => {
            upstream.wake.delete(wake)
            signal.removeEventListener('abort', wake)
            resolve()
          }
          upstream.wake.add(wake)
          signal.addEventListener('abort', wake, { once: true })
        })
      }
    } finally {
      if (--upstream.followers === 0 && !upstream.failure) {
        upstream.linger = setTimeout(() => {
          if (upstream.followers > 0) return
          if (upstreams.get(name) === upstream) upstreams.delete(name)
          upstream.controller.abort()
        }, options.lingerMs)
        upstream.linger.unref?.()
      }
    }
  }

  return {
    watchPods(name, signal) {
      const upstream = upstreams.get(name)
      if (upstream) return follow(upstream, name, signal)
      if (upstreams.size >= options.maxServers) return inner.watchPods(name, signal)
      return follow(start(name), name, signal)
    },
  }
}
