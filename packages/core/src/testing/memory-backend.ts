import type { LifecycleBackend, MutationOptions } from '../backend.ts'
import { serverNotFound } from '../errors.ts'
import { followChanges } from '../follow-changes.ts'
import type { DeploymentSnapshot, ServerSnapshot, ServiceSnapshot } from '../snapshot.ts'

export interface MemoryServerSeed {
  name: string
  replicas?: number
  /** false: a Deployment that is not an MCP server; the backend must never touch it. */
  mcp?: boolean
  /** Pods are created but never become ready, as with an image that never passes its probe. */
  neverReady?: boolean
  podLabels?: Record<string, string>
  annotations?: Record<string, string>
  /** The hash of the pod template (discovery answers are kept under it). */
  templateHash?: string
}

interface MemoryServer {
  deployment: DeploymentSnapshot
  mcp: boolean
  neverReady: boolean
}

/** The Deployment a seed describes, as a controller that has caught up would report it. */
export function seededDeployment(seed: MemoryServerSeed): DeploymentSnapshot {
  const replicas = seed.replicas ?? 0
  const ready = seed.neverReady ? 0 : replicas
  return {
    name: seed.name,
    podLabels: seed.podLabels ?? { app: seed.name },
    annotations: seed.annotations ?? {},
    generation: 1,
    observedGeneration: 1,
    desiredReplicas: replicas,
    currentReplicas: replicas,
    readyReplicas: ready,
    availableReplicas: ready,
    updatedReplicas: replicas,
    conditions: [],
    ...(seed.templateHash && { templateHash: seed.templateHash }),
  }
}

/** Counts of the calls made, so tests can check what an operation asked for. */
export interface MemoryCalls {
  list: number
  get: number
  scale: number
  deletePods: number
  watch: number
}

/**
 * An in-memory orchestrator: Deployments converge to their desired count on the next tick
 * (or never, for `neverReady`), and watchers see every change. Fast stand-in for the
 * Kubernetes adapter in handler tests; held to the same contract (runBackendContract).
 */
export class MemoryBackend implements LifecycleBackend {
  readonly calls: MemoryCalls = { list: 0, get: 0, scale: 0, deletePods: 0, watch: 0 }
  readonly services: ServiceSnapshot[] = []
  /** Server-list watches open now (calls.watch counts those ever opened). */
  openServerWatches = 0
  private readonly servers = new Map<string, MemoryServer>()
  private readonly listeners = new Set<(name: string) => void>()
  constructor(seeds: MemoryServerSeed[] = []) {
    for (const seed of seeds) this.add(seed)
  }

  add(seed: MemoryServerSeed): void {
    this.servers.set(seed.name, {
      mcp: seed.mcp ?? true,
      neverReady: seed.neverReady ?? false,
      deployment: seededDeployment(seed),
    })
  }

  /** Deletes a server, as `kubectl delete deployment` would: its watchers see it go. */
  remove(name: string): void {
    if (this.servers.delete(name)) this.changed(name)
  }

  /** The Deployment as stored, MCP or not: the tests' back door. */
  peek(name: string): DeploymentSnapshot | undefined {
    const server = this.servers.get(name)
    return server && structuredClone(server.deployment)
  }

  /**
   * Sets one annotation of an MCP server, as a metadata patch would: the spec is unchanged, but
   * the generation moves (the API server does so on a Deployment's annotation change) until the
   * controller observes it, on the next tick.
   */
  annotate(name: string, key: string, value: string): void {
    const { deployment } = this.mcpServer(name)
    deployment.annotations[key] = value
    deployment.generation++
    this.changed(name)
    setTimeout(() => this.converge(name), 1)
  }

  async listServers() {
    this.calls.list++
    return this.mcpSnapshots()
  }

  async getServer(name: string) {
    this.calls.get++
    return {
      deployment: structuredClone(this.mcpServer(name).deployment),
      services: [...this.services],
    }
  }

  async scale(name: string, replicas: number, options: MutationOptions = {}) {
    this.calls.scale++
    const server = this.mcpServer(name)
    if (options.dryRun) return { ...structuredClone(server.deployment), desiredReplicas: replicas }
    if (server.deployment.desiredReplicas !== replicas) {
      server.deployment.desiredReplicas = replicas
      server.deployment.generation++
      this.changed(name)
      setTimeout(() => this.converge(name), 1)
    }
    return structuredClone(server.deployment)
  }

  async deletePods(name: string, options: MutationOptions = {}) {
    this.calls.deletePods++
    const server = this.mcpServer(name)
    const count = server.deployment.currentReplicas
    if (options.dryRun || count === 0) return count
    Object.assign(server.deployment, { currentReplicas: 0, readyReplicas: 0, availableReplicas: 0 })
    this.changed(name)
    setTimeout(() => this.converge(name), 1)
    return count
  }

  async *watchServer(name: string, signal: AbortSignal): AsyncIterable<DeploymentSnapshot> {
    this.calls.watch++
    this.mcpServer(name)
    yield* this.follow(
      (changed) => changed === name,
      () => structuredClone(this.mcpServer(name).deployment),
      signal
    )
  }

  async *watchServers(signal: AbortSignal): AsyncIterable<ServerSnapshot[]> {
    this.calls.watch++
    this.openServerWatches++
    try {
      yield* this.follow(
        () => true,
        () => this.mcpSnapshots(),
        signal
      )
    } finally {
      this.openServerWatches--
    }
  }

  /** Yields `read()` now and after every relevant change, until the signal aborts. */
  private follow<T>(
    relevant: (name: string) => boolean,
    read: () => T,
    signal: AbortSignal
  ): AsyncIterable<T> {
    return followChanges(
      (onChange) => {
        const listener = (changed: string) => void (relevant(changed) && onChange())
        this.listeners.add(listener)
        return () => this.listeners.delete(listener)
      },
      read,
      signal
    )
  }

  private mcpSnapshots(): ServerSnapshot[] {
    return [...this.servers.values()]
      .filter((s) => s.mcp)
      .map((s) => ({ deployment: structuredClone(s.deployment), services: [...this.services] }))
  }

  private converge(name: string): void {
    const server = this.servers.get(name)
    if (!server) return
    const d = server.deployment
    const ready = server.neverReady ? 0 : d.desiredReplicas
    Object.assign(d, {
      observedGeneration: d.generation,
      currentReplicas: d.desiredReplicas,
      updatedReplicas: d.desiredReplicas,
      readyReplicas: ready,
      availableReplicas: ready,
    })
    this.changed(name)
  }

  private changed(name: string): void {
    for (const listener of this.listeners) listener(name)
  }

  private mcpServer(name: string): MemoryServer {
    const server = this.servers.get(name)
    if (!server || !server.mcp) {
      throw serverNotFound(name, 'in this namespace')
    }
    return server
  }
}
