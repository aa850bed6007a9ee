import { randomUUID } from 'node:crypto'
import { hostname } from 'node:os'
import { createActivator, readActivatorSettings, startReaper } from '@mcp-lifecycle/activator'
import {
  createCachedBackendFromSettings,
  createK8sActivityRecorder,
  createK8sLeaderLease,
  loadKubeConfig,
} from '@mcp-lifecycle/k8s-adapter'
import {
  createRuntime,
  handlerDeps,
  readSettingsSource,
  serveApp,
  startOrExit,
} from '@mcp-lifecycle/runtime'
import { createServerApp } from './create-server-app.ts'

startOrExit(() => {
  const runtime = createRuntime()
  const { settings, logger } = runtime
  const proxy = readActivatorSettings(readSettingsSource())
  if (!proxy.MCPL_SESSION_SECRET)
    logger.info('MCPL_SESSION_SECRET unset: session ids are valid in this process only')
  // Reads from a watch-fed cache: this process lives on (the functions keep reading live).
  const backend = createCachedBackendFromSettings(runtime.backend, settings, {
    signal: runtime.shutdown.signal,
    observeRequest: (record) => runtime.metrics.kubernetesRequests.inc(record),
    onFeedFailure: (kind, err) => logger.warn({ err, kind }, 'watch failed; retrying'),
  })
  const deps = { ...handlerDeps(runtime), backend }
  const cluster = {
    kubeConfig: loadKubeConfig(),
    ...(settings.MCPL_NAMESPACE && { namespace: settings.MCPL_NAMESPACE }),
    selector: settings.MCPL_SELECTOR,
    callTimeoutMs: settings.MCPL_KUBE_TIMEOUT_SECONDS * 1000,
  }
  const activator = createActivator(deps, {
    // The runtime's pods: one adapter, one watch per server shared with status reads and waits.
    pods: runtime.pods,
    podNetworks: proxy.MCPL_POD_NETWORKS,
    ...(proxy.MCPL_SESSION_SECRET && {
      sessionSecrets: [proxy.MCPL_SESSION_SECRET, proxy.MCPL_SESSION_SECRET_PREVIOUS ?? []].flat(),
    }),
    queue: {
      size: proxy.MCPL_MCP_QUEUE_SIZE,
      timeoutMs: proxy.MCPL_MCP_QUEUE_TIMEOUT_SECONDS * 1000,
    },
    held: { requests: proxy.MCPL_MCP_MAX_HELD, bytes: proxy.MCPL_MCP_MAX_HELD_BYTES },
    headersTimeoutMs: proxy.MCPL_MCP_HEADERS_TIMEOUT_SECONDS * 1000,
    onRefusal: (name, detail) => logger.warn({ server: name, detail }, 'proxy refused a pod'),
    activityRecorder: createK8sActivityRecorder(cluster),
    activityWriteIntervalMs: proxy.MCPL_ACTIVITY_WRITE_SECONDS * 1000,
    onActivityWriteError: (name, error) =>
      logger.warn({ server: name, err: error }, 'could not record the last activity'),
  })
  if (proxy.MCPL_REAPER === 'on') {
    // Several replicas share the Lease: one reaps, the others stand by.
    const reaper = startReaper({
      backend: deps.backend,
      activator,
      lease: createK8sLeaderLease({
        ...cluster,
        name: proxy.MCPL_REAPER_LEASE,
        identity: `${hostname()}-${randomUUID().slice(0, 8)}`,
        durationSeconds: proxy.MCPL_REAPER_LEASE_SECONDS,
      }),
      leaseDurationMs: proxy.MCPL_REAPER_LEASE_SECONDS * 1000,
      intervalMs: proxy.MCPL_REAPER_INTERVAL_SECONDS * 1000,
      audit: (record) => deps.audit?.(record, {}),
      onPass: (result) => logger.info({ reaper: result }, 'reaper pass'),
      onError: (error) => logger.warn({ err: error }, 'reaper pass failed'),
    })
    deps.shutdownSignal?.addEventListener('abort', () => void reaper.stop(), { once: true })
  }
  serveApp(createServerApp(deps, runtime, activator), runtime, 'mcp-lifecycle')
})
