import { MCP_PORT_ANNOTATION, wholeNumber } from './activator-annotations.ts'
import type { PodSnapshot } from './pod-snapshot.ts'

/**
 * The port a pod serves MCP on: the annotation `mcp-lifecycle/mcp-port` on the Deployment (a
 * number, or the name of a container port), else the first container port named `http` or
 * `mcp`, else the first container port. Undefined when none applies.
 */
export function mcpPort(
  pod: Pick<PodSnapshot, 'ports'>,
  annotations: Record<string, string>
): number | undefined {
  const wanted = annotations[MCP_PORT_ANNOTATION]?.trim()
  if (wanted) {
    const number = wholeNumber(wanted, 1, 65535)
    if (number !== undefined) return number
    const named = pod.ports.find((p) => p.name === wanted)
    if (named) return named.containerPort
  }
  const byName = pod.ports.find((p) => p.name === 'http' || p.name === 'mcp')
  return (byName ?? pod.ports[0])?.containerPort
}
