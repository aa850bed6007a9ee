import type { DeploymentSnapshot } from '@mcp-lifecycle/core'

/**
 * Whether the server's own pods answer its requests: a replica is Ready and the server is not
 * being stopped. Once a stop set its replicas to 0 its pods are on their way out, though the
 * Deployment's status may count one Ready for a second or two more: then kept discovery
 * answers, and a discovery request does not wake the server just stopped.
 */
export function podsAnswer(deployment: DeploymentSnapshot): boolean {
  return deployment.readyReplicas > 0 && deployment.desiredReplicas > 0
}
