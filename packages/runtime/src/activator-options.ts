import type { ActivatorOptions } from '@mcp-lifecycle/activator'
import type { Runtime } from './create-runtime.ts'
import type { ActivatorSettings } from './manager-settings.ts'
import type { NamespacePorts } from './namespaces-from-settings.ts'

/** The options of a managed namespace's activator, from the settings, over its own ports. */
export function activatorOptions(
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
    // The namespace's own store: a server's answers are kept beside its Deployment, never
    // read for a server of the same name in another namespace.
    discovery: ports.adapter.discovery,
    onDiscoveryError: (name, error) =>
      logger.warn({ server: name, err: error }, 'could not read or keep discovery answers'),
    onAnsweredAsleep: (_, era) => runtime.metrics.answeredAsleep.inc({ era }),
    onWake: () => runtime.metrics.wakes.inc(),
  }
}
