import { randomUUID } from 'node:crypto'
import { hostname } from 'node:os'
import { startReaper, type Activator, type ActivatorOptions } from '@mcp-lifecycle/activator'
import { createCachedBackend, listedNamespaces, type ManagedNamespaces } from '@mcp-lifecycle/core'
import type { HooksDeps } from '@mcp-lifecycle/handlers'
import type { Hono } from 'hono'
import { createRuntime, handlerDeps, type Runtime } from './create-runtime.ts'
import { readActivatorSettings, type ActivatorSettings } from './manager-settings.ts'
import type { NamespacePorts } from './namespaces-from-settings.ts'
import { readSettingsSource } from './read-settings.ts'
import { serveApp, startOrExit } from './serve-app.ts'

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
  /** Every other managed namespace (MCPL_NAMESPACES), each with an activator of its own. */
  otherNamespaces: NamespaceParts[]
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
    const deps = { ...handlerDeps(runtime), ...cachedNamespaces(runtime) }
    if (!settings.MCPL_SESSION_SECRET)
      runtime.logger.info('MCPL_SESSION_SECRET unset: session ids are valid in this process only')
    const own = runtime.namespacePorts.find(
      (p) => p.namespace === deps.namespaces.defaultNamespace
    )!
    const otherNamespaces = runtime.namespacePorts
      .filter((ports) => ports !== own)
      .map((ports) => namespaceParts(runtime, deps, ports, settings))
    const parts: ManagerParts = {
      deps,
      runtime,
      activator: activatorOptions(runtime, own, settings),
      startReaper: (activator, other) =>
        startManagerReaper(
          runtime,
          other ? other.deps : deps,
          activator,
          settings,
          other?.namespace
        ),
      otherNamespaces,
    }
    serveApp(build(parts), runtime, label)
  })
}

/** Every managed namespace read from a cache of its own list-watches; the default one's too. */
function cachedNamespaces(runtime: Runtime) {
  const scopes = runtime.namespacePorts.map((ports) => ({
    ...ports,
    backend: cachedBackend(runtime, ports),
  }))
  const namespaces = listedNamespaces(runtime.namespaces.defaultNamespace, scopes)
  return { namespaces, backend: namespaces.scope(namespaces.defaultNamespace)!.backend }
}

function cachedBackend(runtime: Runtime, ports: NamespacePorts) {
  const { logger, shutdown } = runtime
  const namespace = ports.namespace
  return createCachedBackend(ports.backend, ports.adapter.feed, {
    namespace,
    signal: shutdown.signal,
    notFoundWhere: `in namespace '${namespace}' (a Deployment labelled ${runtime.settings.MCPL_SELECTOR})`,
    onFeedFailure: (kind, err) => logger.warn({ err, kind, namespace }, 'watch failed; retrying'),
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

function activatorOptions(
  runtime: Runtime,
  ports: NamespacePorts,
  settings: ActivatorSettings
): ActivatorOptions {
  const logger = runtime.logger.child({ namespace: ports.namespace })
  return {
    pods: ports.pods!,
    podNetworks: settings.MCPL_POD_NETWORKS,
    podNetworksSetting: 'MCPL_POD_NETWORKS',
    ...(settings.MCPL_SESSION_SECRET && {
      sessionSecrets: [
        settings.MCPL_SESSION_SECRET,
        settings.MCPL_SESSION_SECRET_PREVIOUS ?? [],
      ].flat(),
    }),
    queue: {
      size: settings.MCPL_MCP_QUEUE_SIZE,
      timeoutMs: settings.MCPL_MCP_QUEUE_TIMEOUT_SECONDS * 1000,
    },
    held: {
      requests: settings.MCPL_MCP_MAX_HELD,
      bytes: settings.MCPL_MCP_MAX_HELD_BYTES,
      ...(settings.MCPL_MCP_MAX_HELD_PER_PRINCIPAL && {
        perPrincipal: settings.MCPL_MCP_MAX_HELD_PER_PRINCIPAL,
      }),
    },
    headersTimeoutMs: settings.MCPL_MCP_HEADERS_TIMEOUT_SECONDS * 1000,
    onRefusal: (name, detail) => logger.warn({ server: name, detail }, 'proxy refused a pod'),
    activityRecorder: ports.adapter.activity,
    activityWriteIntervalMs: settings.MCPL_ACTIVITY_WRITE_SECONDS * 1000,
    onActivityWriteError: (name, error) =>
      logger.warn({ server: name, err: error }, 'could not record the last activity'),
    discovery: runtime.kubernetes.discovery,
    onDiscoveryError: (name, error) =>
      logger.warn({ server: name, err: error }, 'could not read or keep discovery answers'),
    onAnsweredAsleep: (_, era) => runtime.metrics.answeredAsleep.inc({ era }),
    onWake: () => runtime.metrics.wakes.inc(),
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
