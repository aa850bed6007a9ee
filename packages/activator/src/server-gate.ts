import type {
  DeploymentSnapshot,
  LifecycleBackend,
  PodSnapshot,
  ServerPods,
} from '@mcp-lifecycle/core'
import { Agent } from 'undici'
import { ProxyUnavailable } from './proxy-errors.ts'

export interface ServerGateOptions {
  name: string
  backend: LifecycleBackend
  pods: ServerPods
  /** Bound on the wait for response headers; the body has none (SSE streams last). */
  headersTimeoutMs: number
  /** Unused this long, the gate ends its watches. */
  idleMs: number
  /**
   * UIDs of this server's pods on which a ready-check probe succeeded; kept by the caller so
   * that it outlives the gate (a pod is probed once), pruned here as pods go.
   */
  probed?: Set<string>
  onClosed: () => void
}

/**
 * What the activator knows of one server, kept current by two watches (its Deployment and its
 * Pods, never polled), plus who waits for it and the requests in flight on each pod. Waiters
 * re-check their condition on every change. One connection pool per server: keep-alive, no
 * body timeout (an SSE stream may be silent for long).
 */
export class ServerGate {
  deployment: DeploymentSnapshot | undefined
  pods: PodSnapshot[] = []
  podsSeen = false
  /** Requests waiting for a ready pod. */
  queued = 0
  /** Set while the reaper stops the server: new requests wait, then wake it again. */
  stopping = false
  readonly dispatcher: Agent
  private failure: unknown
  private readonly listeners = new Set<() => void>()
  private readonly inFlight = new Map<string, number>()
  private readonly controller = new AbortController()
  private users = 0
  private idleTimer: NodeJS.Timeout | undefined
  private waking: Promise<void> | undefined
  private wakeRequested = false
  /** Pods that served when the reaper stopped the server: going away, never picked again. */
  private readonly retired = new Set<string>()
  /** Pods whose ready-check probe succeeded (see `probed` in the options). */
  readonly probed: Set<string>
  /** Pods a ready-check probe runs on now. */
  readonly probing = new Set<string>()

  private readonly options: ServerGateOptions

  constructor(options: ServerGateOptions) {
    this.options = options
    this.probed = options.probed ?? new Set()
    this.dispatcher = new Agent({
      keepAliveTimeout: 30_000,
      headersTimeout: options.headersTimeoutMs,
      bodyTimeout: 0,
      connect: { timeout: 5_000 },
    })
    const signal = this.controller.signal
    void this.follow(options.backend.watchServer(options.name, signal), (deployment) => {
      this.deployment = deployment
      if (deployment.desiredReplicas > 0) this.wakeRequested = false
    })
    void this.follow(options.pods.watchPods(options.name, signal), (pods) => {
      this.pods = pods
      this.podsSeen = true
      const uids = new Set(pods.map((p) => p.uid))
      for (const uid of this.retired) if (!uids.has(uid)) this.retired.delete(uid)
      for (const uid of this.probed) if (!uids.has(uid)) this.probed.delete(uid)
    })
  }

  /** The pods requests may go to: all but those of a stop (their deletion may not show yet). */
  get livePods(): PodSnapshot[] {
    return this.retired.size ? this.pods.filter((p) => !this.retired.has(p.uid)) : this.pods
  }

  /**
   * Runs the reaper's `stop` with the server marked as stopping. Requests that arrive meanwhile
   * wait; after a stop they are released only once the watch shows 0 replicas (or after
   * `settleMs`), with the old pods retired, so they wake the server again instead of reaching
   * a terminating pod.
   */
  async whileStopping(stop: () => Promise<boolean>, settleMs: number): Promise<boolean> {
    const release = this.use()
    const signal = this.controller.signal
    const gone = () => new Error('not settled')
    this.stopping = true
    try {
      // The pods must be known to be retired.
      await this.until(() => this.podsSeen || undefined, signal, Date.now() + settleMs, gone)
      const stopped = await stop()
      if (stopped) {
        for (const pod of this.pods) this.retired.add(pod.uid)
        this.wakeRequested = false
        const seen = () => (this.deployment?.desiredReplicas === 0 ? true : undefined)
        await this.until(seen, signal, Date.now() + settleMs, gone).catch(() => {})
      }
      return stopped
    } finally {
      this.stopping = false
      this.changed()
      release()
    }
  }

  /** Aborts when the gate closes. */
  get signal(): AbortSignal {
    return this.controller.signal
  }

  /** A pod passed its ready-check probe: waiters may take it. */
  markProbed(podUid: string): void {
    this.probed.add(podUid)
    this.changed()
  }

  /** A probe ended without success: waiters look again (and may start another). */
  probeEnded(podUid: string): void {
    this.probing.delete(podUid)
    this.changed()
  }

  get closed(): boolean {
    return this.controller.signal.aborted
  }

  /** Marks the gate in use until the returned function is called; idle gates close. */
  use(): () => void {
    this.users++
    clearTimeout(this.idleTimer)
    let done = false
    return () => {
      if (done) return
      done = true
      if (--this.users === 0 && !this.closed) {
        this.idleTimer = setTimeout(() => this.close(), this.options.idleMs).unref()
      }
    }
  }

  /** Counts a request on a pod until the returned function is called. */
  track(podUid: string): () => void {
    this.inFlight.set(podUid, this.load(podUid) + 1)
    let done = false
    return () => {
      if (done) return
      done = true
      const left = this.load(podUid) - 1
      if (left > 0) this.inFlight.set(podUid, left)
      else this.inFlight.delete(podUid)
    }
  }

  load(podUid: string): number {
    return this.inFlight.get(podUid) ?? 0
  }

  /** Scales the server up once, however many requests ask while it wakes. */
  async wake(start: () => Promise<unknown>): Promise<void> {
    if (this.waking || this.wakeRequested) return this.waking
    this.waking = (async () => {
      try {
        await start()
        this.wakeRequested = true
      } finally {
        this.waking = undefined
      }
    })()
    return this.waking
  }

  get wakeInProgress(): boolean {
    return this.waking !== undefined || this.wakeRequested
  }

  /**
   * Resolves with what `check` returns once it returns something, tested now and after every
   * change; rejects with what it throws, with the gate's failure, with `timeout()` at the
   * deadline, or when the signal aborts (the waiter is then dropped at once).
   */
  until<T>(
    check: () => T | undefined,
    signal: AbortSignal,
    deadline: number,
    timeout: () => Error
  ): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const finish = (settle: () => void) => {
        clearTimeout(timer)
        this.listeners.delete(test)
        signal.removeEventListener('abort', onAbort)
        settle()
      }
      const test = () => {
        try {
          if (this.failure) throw this.failure
          const value = check()
          if (value !== undefined) finish(() => resolve(value))
        } catch (error) {
          finish(() => reject(error))
        }
      }
      const onAbort = () => finish(() => reject(signal.reason))
      const timer = setTimeout(() => finish(() => reject(timeout())), deadline - Date.now())
      signal.addEventListener('abort', onAbort, { once: true })
      this.listeners.add(test)
      test()
    })
  }

  /** Ends the watches and the pool; waiters get `error` (or the closing). */
  close(error: unknown = STOPPED): void {
    if (this.closed) return
    this.failure = error
    this.controller.abort()
    clearTimeout(this.idleTimer)
    this.changed()
    void this.dispatcher.close().catch(() => {})
    this.options.onClosed()
  }

  private changed(): void {
    for (const listener of [...this.listeners]) listener()
  }

  private async follow<T>(source: AsyncIterable<T>, apply: (value: T) => void): Promise<void> {
    try {
      for await (const value of source) {
        apply(value)
        this.changed()
      }
    } catch (error) {
      // Deleted, lost its MCP label, or the watch gave up: the next request starts afresh.
      if (!this.closed) this.close(error)
    }
  }
}

const STOPPED = new ProxyUnavailable(
  'The manager stopped following this server (shutting down); retry the request.',
  1,
  'Shutting down'
)
