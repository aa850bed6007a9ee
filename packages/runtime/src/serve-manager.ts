import { randomUUID } from 'node:crypto'
import { hostname } from 'node:os'
import { startReaper, type Activator, type ActivatorOptions } from '@mcp-lifecycle/activator'
import { DiscoverySummaries, type ManagedNamespaces } from '@mcp-lifecycle/core'
import type { HooksDeps } from '@mcp-lifecycle/handlers'
import type { Hono } from 'hono'
import { activatorOptions } from './activator-options.ts'
import { createRuntime, handlerDeps, type Runtime } from './create-runtime.ts'
import { cachedNamespaces } from './cached-namespaces.ts'
import { readActivatorSettings, type ActivatorSettings } from './manager-settings.ts'
import type { NamespacePorts } from './namespaces-from-settings.ts'
import { readSettingsSource } from './read-settings.ts'
import { serveApp, startOrExit } from './serve-app.ts'
import { mcpLane, type LaneProxy } from './mcp-lane.ts'
import { readLane } from './read-lane.ts'

/** One managed namespace's share of the manager: its deps and its activator's options. */
export interface NamespaceParts {
  namespace: string
  deps: HooksDeps
  activator: ActivatorOptions
}

/** What the long-running manager's entry gets: its deps, the activator's options, the reaper. */
export interface ManagerParts {
  deps: HooksDeps
  runtime: Runtime
  /** The activator's options from the settings, over the runtime's pods and adapter. */
  activator: ActivatorOptions
  /**
   * Starts the reaper (when MCPL_REAPER is on) over the activator, of the default namespace or
   * of `namespace` (its own Lease there); stopped on shutdown.
   */
  startReaper(activator: Activator, namespace?: NamespaceParts): void
  /**
   * Calls `start` once for every managed namespace other than the default one, each to get an
   * activator of its own: at once for a list (MCPL_NAMESPACES), and for `*` as the cluster-wide
   * cache first sees servers in a namespace.
   */
  forEachOtherNamespace(start: (namespace: NamespaceParts) => void): void
  /**
   * Takes the MCP requests to the default namespace's running servers in the manager's
   * node-level lane (mcp-lane.ts), proxied by `activator`; without it, hono's route takes them.
   */
  proxyInLane(activator: Activator): void
}

/**
 * The whole entry point of the long-running manager: the runtime, reads from a cache fed by
 * the adapter's list-watches (this process lives on; a function reads live), the activator's
 * and reaper's settings mapped to options, served until SIGTERM.
 */
export function serveManager(label: string, build: (parts: ManagerParts) => Hono): void {
  startOrExit(() => {
    const runtime = createRuntime()
    const settings = readActivatorSettings(readSettingsSource())
    // What the keeper reads and writes of the default namespace's servers: their views show it.
    const discoveryViews = new DiscoverySummaries()
    const cached = cachedNamespaces(runtime)
    const deps = { ...handlerDeps(runtime), ...cached.deps, discoveryViews }
    if (!settings.MCPL_SESSION_SECRET)
      runtime.logger.info('MCPL_SESSION_SECRET unset: session ids are valid in this process only')
    const own = cached.portsOf(deps.namespaces.defaultNamespace)
    let laneProxy: LaneProxy | undefined
    const parts: ManagerParts = {
      deps,
      runtime,
      activator: {
        ...activatorOptions(runtime, own, settings),
        discoverySummaries: discoveryViews,
      },
      startReaper: (activator, other) =>
        startManagerReaper(
          runtime,
          other ? other.deps : deps,
          activator,
          settings,
          other?.namespace
        ),
      forEachOtherNamespace: (start) =>
        cached.forEachOther((ports) => start(namespaceParts(runtime, deps, ports, settings))),
      proxyInLane: (activator) => (laneProxy = (call, name) => activator.proxyInLane(call, name)),
    }
    serveApp(build(parts), runtime, label, (hono) =>
      readLane(
        deps,
        runtime,
        mcpLane(deps, runtime, () => laneProxy, hono)
      )
    )
  })
}

/** A namespace's deps: the manager's, over the ports (cached backend) of that namespace. */
function namespaceParts(
  runtime: Runtime,
  deps: HooksDeps & { namespaces: ManagedNamespaces },
  ports: NamespacePorts,
  settings: ActivatorSettings
): NamespaceParts {
  const scope = deps.namespaces.scope(ports.namespace)!
  return {
    namespace: ports.namespace,
    deps: { ...deps, backend: scope.backend, pods: scope.pods, deliveries: scope.deliveries },
    activator: activatorOptions(runtime, ports, settings),
  }
}

function startManagerReaper(
  runtime: Runtime,
  deps: HooksDeps,
  activator: Activator,
  settings: ActivatorSettings,
  namespace?: string
): void {
  if (settings.MCPL_REAPER !== 'on') return
  const logger = namespace ? runtime.logger.child({ namespace }) : runtime.logger
  const adapter = namespace ? runtime.kubernetes.inNamespace(namespace) : runtime.kubernetes
  // Several replicas share the Lease: one reaps, the others stand by.
  const reaper = startReaper({
    backend: deps.backend,
    activator,
    lease: adapter.lease({
      name: settings.MCPL_REAPER_LEASE,
      identity: `${hostname()}-${randomUUID().slice(0, 8)}`,
      durationSeconds: settings.MCPL_REAPER_LEASE_SECONDS,
    }),
    leaseDurationMs: settings.MCPL_REAPER_LEASE_SECONDS * 1000,
    intervalMs: settings.MCPL_REAPER_INTERVAL_SECONDS * 1000,
    audit: (record) => deps.audit?.(namespace ? { ...record, namespace } : record, {}),
    onPass: (result) => logger.info({ reaper: result }, 'reaper pass'),
    onError: (error) => logger.warn({ err: error }, 'reaper pass failed'),
  })
  deps.shutdownSignal?.addEventListener('abort', () => void reaper.stop(), { once: true })
}
