import { createActivator, readActivatorSettings } from '@mcp-lifecycle/activator'
import { createK8sServerPods, loadKubeConfig } from '@mcp-lifecycle/k8s-adapter'
import { createRuntime, handlerDeps, serveApp, startOrExit } from '@mcp-lifecycle/runtime'
import { createServerApp } from './create-server-app.ts'

startOrExit(() => {
  const runtime = createRuntime()
  const { settings } = runtime
  const proxy = readActivatorSettings()
  if (!proxy.MCPL_SESSION_SECRET)
    runtime.logger.info('MCPL_SESSION_SECRET unset: session ids are valid in this process only')
  const deps = handlerDeps(runtime)
  const activator = createActivator(deps, {
    pods: createK8sServerPods({
      kubeConfig: loadKubeConfig(),
      ...(settings.MCPL_NAMESPACE && { namespace: settings.MCPL_NAMESPACE }),
      selector: settings.MCPL_SELECTOR,
      callTimeoutMs: settings.MCPL_KUBE_TIMEOUT_SECONDS * 1000,
    }),
    podNetworks: proxy.MCPL_POD_NETWORKS,
    ...(proxy.MCPL_SESSION_SECRET && { sessionSecret: proxy.MCPL_SESSION_SECRET }),
    queue: {
      size: proxy.MCPL_MCP_QUEUE_SIZE,
      timeoutMs: proxy.MCPL_MCP_QUEUE_TIMEOUT_SECONDS * 1000,
    },
  })
  serveApp(createServerApp(deps, runtime, activator), runtime, 'mcp-lifecycle')
})
