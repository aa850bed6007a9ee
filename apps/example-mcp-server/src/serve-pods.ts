// `npm run dev` on the local control plane: a real example MCP server for every pod labelled
// mcp-lifecycle.dev/example=true (the examples of infra/examples), bound to the pod's loopback
// IP, so that an MCP client pointed at the manager's /servers/{name}/mcp sees the server wake.
// Ends with the process given by --parent (the manager), stopping every server.
import { loadKubeConfig } from '@mcp-lifecycle/k8s-adapter'
import { startPodProcesses } from '@mcp-lifecycle/k8s-adapter/pod-processes'

const parent = Number(process.argv[process.argv.indexOf('--parent') + 1])
const pods = await startPodProcesses({
  kubeConfig: loadKubeConfig(),
  namespace: process.env.MCPL_NAMESPACE ?? 'default',
  labelSelector: 'mcp-lifecycle.dev/example=true',
  port: 8080,
  args: ['--mode', 'stateful'],
  maxProcesses: 20,
})

const stop = () => void pods.stop().finally(() => process.exit(0))
process.once('SIGTERM', stop)
process.once('SIGINT', stop)
// The manager replaced the shell that started us: follow it, and go when it goes.
setInterval(() => {
  try {
    process.kill(parent, 0)
  } catch {
    stop()
  }
}, 1000).unref()
