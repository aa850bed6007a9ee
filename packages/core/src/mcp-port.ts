import { MCP_PORT_ANNOTATION, wholeNumber } from './activator-annotations.ts'
import type { PodSnapshot } from './pod-snapshot.ts'

/**
 * The port a pod serves MCP on: the annotation `mcp-lifecycle/mcp-port` on the Deployment (the
 * number or the name of a declared container port), else the first container port named `http`
 * or `mcp`, else the first container port. Undefined when none applies: an annotation naming a
 * port the pod does not declare picks nothing, since whoever edits a Deployment must not aim the
 * proxy at any port of a pod's address (a sidecar's admin port, a node's etcd).
 */
export function mcpPort(
  pod: Pick<PodSnapshot, 'ports'>,
  annotations: Record<string, string>
): number | undefined {
  const wanted = annotations[MCP_PORT_ANNOTATION]?.trim()
  if (wanted) {
    const number = wholeNumber(wanted, 1, 65535)
    const declared = pod.ports.find((p) =>
      number === undefined ? p.name === wanted : p.containerPort === number
    )
    return declared?.containerPort
  }
  const byName = pod.ports.find((p) => p.name === 'http' || p.name === 'mcp')
  return (byName ?? pod.ports[0])?.containerPort
}
