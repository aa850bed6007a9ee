import {
  isServing,
  pickPod,
  podStartFailure,
  readyCheck,
  type DeploymentSnapshot,
  type LifecycleBackend,
  type PodSnapshot,
  type ServerPods,
  type StartFailure,
} from '@mcp-lifecycle/core'
import { Agent } from 'undici'
import { ChangeWaiters } from './change-waiters.ts'
import { IdleCloser } from './idle-closer.ts'
import { PodLoad, type PodLease } from './pod-load.ts'
import { ProbeMarks } from './probe-marks.ts'
import { gateClosed, queueFull } from './proxy-errors.ts'
import { WakeOnce } from './wake-once.ts'

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
 * body timeout (an SSE stream may be silent for long). Its state changes only through the
 * verbs below.
 */
export class ServerGate {
  readonly dispatcher: Agent
  private deployment: DeploymentSnapshot | undefined
  private pods: PodSnapshot[] = []
  private podsSeen = false
  /** Requests waiting for the server (see `enqueue`). */
  private queued = 0
  private stopInProgress = false
  private readonly waiters = new ChangeWaiters()
  private readonly load = new PodLoad()
  private readonly controller = new AbortController()
  private readonly idle: IdleCloser
  private readonly wakeOnce = new WakeOnce()
  /** Pods that served when the reaper stopped the server: going away, never picked again. */
  private readonly retired = new Set<string>()
  private readonly probes: ProbeMarks
  private readonly options: ServerGateOptions

  constructor(options: ServerGateOptions) {
    this.options = options
    this.probes = new ProbeMarks(options.probed)
    this.idle = new IdleCloser(options.idleMs, () => this.close())
    this.dispatcher = new Agent({
      keepAliveTimeout: 30_000,
      headersTimeout: options.headersTimeoutMs,
      bodyTimeout: 0,
      connect: { timeout: 5_000 },
    })
    const signal = this.controller.signal
    void this.follow(options.backend.watchServer(options.name, signal), (deployment) => {
      this.deployment = deployment
      if (deployment.desiredReplicas > 0) this.wakeOnce.reset()
    })
    void this.follow(options.pods.watchPods(options.name, signal), (pods) => {
      this.pods = pods
      this.podsSeen = true
      const uids = new Set(pods.map((p) => p.uid))
      for (const uid of this.retired) if (!uids.has(uid)) this.retired.delete(uid)
      this.probes.keepOnly(uids)
    })
  }

  /** The Deployment once its pods are known too; undefined before. */
  watched(): DeploymentSnapshot | undefined {
    return this.podsSeen ? this.deployment : undefined
  }

  /** True while the reaper stops the server: new requests wait, then wake it again. */
  get stopping(): boolean {
    return this.stopInProgress
  }

  /** Aborts when the gate closes. */
  get signal(): AbortSignal {
    return this.controller.signal
  }

  get closed(): boolean {
    return this.controller.signal.aborted
  }

  /** Marks the gate in use until the returned function is called; idle gates close. */
  use(): () => void {
    return this.idle.use()
  }

  /** Counts a waiter in the server's queue until the returned function is called; 503 when full. */
  enqueue(size: number): () => void {
    if (this.queued >= size) throw queueFull(this.options.name, size)
    this.queued++
    let done = false
    return () => {
      if (!done) ((done = true), this.queued--)
    }
  }

  /** Waits until `check` returns something (see ChangeWaiters), failing if the gate closes. */
  readonly until: ChangeWaiters['until'] = (...args) => this.waiters.until(...args)

  /**
   * The least busy pod a request without a session may take now (under the ready check, only
   * one whose probe passed), counted on it at once: waiters released together spread.
   */
  pickPod(): PodLease | undefined {
    const usable = this.readyChecked
      ? this.livePods.filter((p) => this.probes.hasPassed(p.uid))
      : this.livePods
    const pod = pickPod(usable, (p) => this.load.of(p.uid))
    return pod && this.load.lease(pod)
  }

  /** The pod a session is pinned to, counted on it; undefined once it is gone. */
  pinnedPod(podUid: string): PodLease | undefined {
    const pod = this.livePods.find((p) => p.uid === podUid && p.ip && !p.terminating)
    return pod && this.load.lease(pod)
  }

  /** Why the server's pods cannot start (ImagePullBackOff...), if they cannot. */
  startFailure(): StartFailure | undefined {
    return podStartFailure(this.deployment, this.pods)
  }

  /** The server is stopped and nobody has asked to start it yet. */
  get needsWake(): boolean {
    return this.deployment?.desiredReplicas === 0 && !this.wakeOnce.pending
  }

  /** Scales the server up once, however many requests ask while it wakes. */
  wake(start: () => Promise<unknown>): Promise<void> {
    return this.wakeOnce.run(start)
  }

  /** Serving pods under the ready check that have not passed a probe and none runs on. */
  podsAwaitingProbe(): PodSnapshot[] {
    if (!this.readyChecked) return []
    return this.livePods.filter((p) => isServing(p) && this.probes.awaits(p.uid))
  }

  /** A probe starts on the pod: no other starts until `endProbe`. */
  beginProbe(podUid: string): void {
    this.probes.begin(podUid)
  }

  /** A probe ended: a pod that passed is released to every waiter; waiters look again. */
  endProbe(podUid: string, passed: boolean): void {
    this.probes.end(podUid, passed)
    this.changed()
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
    this.stopInProgress = true
    try {
      // The pods must be known to be retired.
      await this.until(() => this.podsSeen || undefined, signal, Date.now() + settleMs, gone)
      const stopped = await stop()
      if (stopped) {
        for (const pod of this.pods) this.retired.add(pod.uid)
        this.wakeOnce.reset()
        const seen = () => (this.deployment?.desiredReplicas === 0 ? true : undefined)
        await this.until(seen, signal, Date.now() + settleMs, gone).catch(() => {})
      }
      return stopped
    } finally {
      this.stopInProgress = false
      this.changed()
      release()
    }
  }

  /** Ends the watches and the pool; waiters get `error` (or the closing). */
  close(error: unknown = gateClosed()): void {
    if (this.closed) return
    this.waiters.fail(error)
    this.controller.abort()
    this.idle.stop()
    this.changed()
    void this.dispatcher.close().catch(() => {})
    this.options.onClosed()
  }

  private get readyChecked(): boolean {
    return readyCheck(this.deployment?.annotations ?? {}) === 'mcp'
  }

  /** The pods requests may go to: all but those of a stop (their deletion may not show yet). */
  private get livePods(): PodSnapshot[] {
    return this.retired.size ? this.pods.filter((p) => !this.retired.has(p.uid)) : this.pods
  }

  private changed(): void {
    this.waiters.changed()
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
