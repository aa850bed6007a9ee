import {
  discoveredNamespaces,
  listedNamespaces,
  LifecycleError,
  RateLimiter,
  StreamSlots,
  WaitSlots,
  type DeliveryRecord,
  type ServerPods,
  type EndpointOptions,
  type LifecycleBackend,
  type Limits,
  type ManagedNamespaces,
} from '@mcp-lifecycle/core'
import { type HooksDeps } from '@mcp-lifecycle/handlers'
import type { K8sAdapter } from '@mcp-lifecycle/k8s-adapter'
import { createAdapterFromSettings } from './adapter-from-settings.ts'
import { pino, type Logger } from 'pino'
import { readSettings } from './read-settings.ts'
import { endpointOptionsOf, limitsOf, type Settings } from './settings.ts'
import { createMetrics, type Metrics } from '@mcp-lifecycle/observability'
import { namespacePortsOf, type NamespacePorts } from './namespaces-from-settings.ts'
import { type Authenticator, createWebhookSecrets } from '@mcp-lifecycle/auth'
import { createAuthenticator } from './authenticator-from-settings.ts'
import { namedBySetting, openNamedBySetting } from './named-by-setting.ts'

/** Everything an entry point needs, built once at start-up from the configuration. */
export interface Runtime {
  settings: Settings
  backend: LifecycleBackend
  /** Where webhook and event deliveries are recorded (a ConfigMap shared by every replica). */
  deliveries: DeliveryRecord
  /** The servers' pods (why one cannot start). */
  pods: ServerPods
  endpointOptions: EndpointOptions
  limits: Limits
  logger: Logger
  metrics: Metrics
  authenticator: Authenticator
  rateLimiter: RateLimiter
  waitSlots: WaitSlots
  /** Shared by the change streams and the MCP listen streams of the process. */
  streamSlots: StreamSlots
  webhookSecrets: () => ReadonlyMap<string, string>
  /** Aborted when the process shuts down. */
  shutdown: AbortController
  /** The process's one Kubernetes adapter (every port, one set of API clients, all metered). */
  kubernetes: K8sAdapter
  /** Every managed namespace's ports (MCPL_NAMESPACES), the default one's being those above. */
  namespacePorts: NamespacePorts[]
  /** The same, as operations look them up. */
  namespaces: ManagedNamespaces
}

export interface RuntimeOptions {
  /**
   * Follow Services with a watch from the first status read on, for a process serving many of
   * them live (a function kept warm), instead of listing them on each read.
   */
  followServices?: boolean
}

export function createRuntime(
  env: Record<string, string | undefined> = process.env,
  options: RuntimeOptions = {}
): Runtime {
  const settings = readSettings(env)
  const shutdown = new AbortController()
  // Without authentication, only this machine may call: bind loopback whatever HOST says.
  if (settings.MCPL_AUTH === 'none') settings.HOST = '127.0.0.1'
  const logger = pino({ level: settings.MCPL_LOG_LEVEL, base: { service: 'mcp-lifecycle' } })
  if (settings.MCPL_AUTH === 'none')
    logger.warn('MCPL_AUTH=none: authentication is off; serving 127.0.0.1 only')
  const metrics = createMetrics()
  const kubernetes = createAdapterFromSettings(settings, {
    env,
    observeRequest: (record) => metrics.kubernetesRequests.inc(record),
    ...(options.followServices && { followServices: shutdown.signal }),
  })
  const namespacePorts = namespacePortsOf(kubernetes, settings.MCPL_NAMESPACES, metrics)
  // For `*`, a process without the manager's cluster-wide cache (a function) acts on its own
  // namespace alone: it has no way to know where servers are without watching the cluster.
  const namespaces = settings.MCPL_NAMESPACES?.all
    ? discoveredNamespaces(kubernetes.namespace, NOTHING_SEEN, () => namespacePorts[0]!)
    : listedNamespaces(kubernetes.namespace, namespacePorts)
  const own = namespaces.scope(kubernetes.namespace)!
  return {
    settings,
    backend: own.backend,
    deliveries: own.deliveries!,
    pods: own.pods!,
    endpointOptions: endpointOptionsOf(settings),
    limits: limitsOf(settings),
    logger,
    metrics,
    authenticator: createAuthenticator(settings, logger, {
      clusterIssuer: kubernetes.clusterIssuer,
      namespace: kubernetes.namespace,
    }),
    rateLimiter: new RateLimiter(
      settings.MCPL_RATE_LIMIT_BURST,
      settings.MCPL_RATE_LIMIT_PER_MINUTE
    ),
    waitSlots: new WaitSlots(settings.MCPL_MAX_CONCURRENT_WAITS),
    streamSlots: new StreamSlots({
      max: settings.MCPL_MAX_STREAMS,
      perPrincipal: settings.MCPL_MAX_STREAMS_PER_PRINCIPAL,
    }),
    webhookSecrets: openNamedBySetting('MCPL_WEBHOOK_SECRETS_FILE', () =>
      createWebhookSecrets(settings.MCPL_WEBHOOK_SECRETS_FILE, (err) =>
        logger.error(
          { err: namedBySetting('MCPL_WEBHOOK_SECRETS_FILE', err) },
          'webhook secrets reload failed; keeping the previous ones'
        )
      )
    ),
    shutdown,
    kubernetes,
    namespacePorts,
    namespaces,
  }
}

const NOTHING_SEEN = { has: () => false, list: () => [], onAdded: () => () => {} }

/** The handlers' dependencies from a runtime: unexpected errors go to the log with the request id. */
export function handlerDeps(runtime: Runtime): HooksDeps {
  return {
    backend: runtime.backend,
    deliveries: runtime.deliveries,
    pods: runtime.pods,
    namespaces: runtime.namespaces,
    endpointOptions: runtime.endpointOptions,
    limits: runtime.limits,
    shutdownSignal: runtime.shutdown.signal,
    authenticator: runtime.authenticator,
    rateLimiter: runtime.rateLimiter,
    waitSlots: runtime.waitSlots,
    streamSlots: runtime.streamSlots,
    maxBodyBytes: runtime.settings.MCPL_MAX_BODY_BYTES,
    loopbackOnly: runtime.settings.MCPL_AUTH === 'none',
    webhookSecrets: runtime.webhookSecrets,
    audit: (record, { reqId }) => runtime.logger.info({ reqId, audit: record }, 'audit'),
    logError: (err, c) =>
      runtime.logger.error({ err, reqId: c.get('requestId') }, 'unexpected error'),
  }
}

/** The reason waits end with when the process stops: a 503 the caller can retry elsewhere. */
export const SHUTTING_DOWN = new LifecycleError(
  'unavailable',
  'The server is shutting down; retry the request.',
  { title: 'Shutting down' }
)
