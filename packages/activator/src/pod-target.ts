import { mcpPath, mcpPort, type DeploymentSnapshot, type PodSnapshot } from '@mcp-lifecycle/core'
import type { PodTarget } from './forward-to-pod.ts'
import { inNetworks, type Network } from './pod-networks.ts'
import { podUnreachable } from './proxy-errors.ts'

/** What the manager may dial, and where it says why it did not. */
export interface PodReach {
  /** The only networks requests go to. */
  networks: readonly Network[]
  /** How the operator sets them (a setting's name), for messages. */
  networksSetting: string
  /** Why a pod was not dialled, with its address: for the manager's log, never the caller. */
  onRefusal: (name: string, detail: string) => void
}

/**
 * Where a pod of the server may be reached for `url`, a path and query (the query kept): only a pod the
 * Deployment owns (the pod watch keeps no other), on its own network namespace (never
 * hostNetwork: its IP is the node's), inside the pod networks, on a port its containers
 * declare. Otherwise throws 503 with a detail that names the pod but no address.
 */
export function targetOf(
  reach: PodReach,
  name: string,
  pod: PodSnapshot,
  deployment: DeploymentSnapshot,
  url: string
): PodTarget {
  const refuse = (detail: string, logged: string): never => {
    reach.onRefusal(name, logged)
    throw podUnreachable(name, detail)
  }
  const ip = pod.ip ?? ''
  if (pod.hostNetwork) {
    refuse(
      `pod ${pod.name} uses the host's network; the manager does not proxy to it.`,
      `pod ${pod.name} (${ip}) has hostNetwork: true`
    )
  }
  if (!inNetworks(ip, reach.networks)) {
    const allowed = reach.networks.map((n) => n.cidr).join(', ') || 'none'
    refuse(
      `pod ${pod.name} is outside the pod networks the manager may reach (${reach.networksSetting}).`,
      `pod ${pod.name} has IP ${ip}, outside ${reach.networksSetting} (${allowed})`
    )
  }
  const port = mcpPort(pod, deployment.annotations)
  if (port === undefined) {
    const detail = `pod ${pod.name} declares no container port for MCP; declare it, or name a declared one in mcp-lifecycle/mcp-port.`
    refuse(detail, detail)
  }
  return {
    origin: `http://${ip}:${port}`,
    path: mcpPath(deployment.annotations) + queryOf(url),
  }
}

/** The query of a request's path and query, as the URL standard spells it (or empty). */
function queryOf(url: string): string {
  return url.includes('?') ? new URL(url, 'http://proxy').search : ''
}
