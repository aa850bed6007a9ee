// `npm run dev` on the local control plane: a real example MCP server for every pod labelled
// mcp-lifecycle.dev/example=true (the examples of infra/examples), bound to the pod's loopback
// IP, so that an MCP client pointed at the manager's /servers/{name}/mcp sees the server wake.
// Ends with the process given by --parent (the manager), stopping every server. The pods are
// those of --namespace (scripts/dev.sh passes the manager's namespace setting).
import { loadKubeConfig } from '@mcp-lifecycle/k8s-adapter'
import { startPodProcesses } from '@mcp-lifecycle/k8s-adapter/pod-processes'

const argument = (name: string) => {
  const at = process.argv.indexOf(name)
  return at === -1 ? undefined : process.argv[at + 1]
}
const parent = Number(argument('--parent'))
const pods = await startPodProcesses({
  kubeConfig: loadKubeConfig(),
  namespace: argument('--namespace') ?? 'default',
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
