import { DEFAULT_QUEUE_BOUNDS, dnsLabel, listSetting, wholeNumberOr } from '@mcp-lifecycle/core'
import * as v from 'valibot'
import { parseNetwork, unsafePodNetwork } from '@mcp-lifecycle/activator'

const schema = v.object({
  MCPL_POD_NETWORKS: v.optional(
    v.pipe(
      listSetting,
      v.check((cidrs) => {
        try {
          return cidrs.length > 0 && cidrs.every((cidr) => parseNetwork(cidr))
        } catch {
          return false
        }
      }, 'MCPL_POD_NETWORKS must be a comma-separated list of IPv4 networks (a.b.c.d/n)')
    )
  ),
  MCPL_SESSION_SECRET: v.optional(
    v.pipe(v.string(), v.minLength(32, 'MCPL_SESSION_SECRET must have at least 32 characters'))
  ),
  /** The secret before the last rotation: its pins are still accepted, never issued. */
  MCPL_SESSION_SECRET_PREVIOUS: v.optional(
    v.pipe(
      v.string(),
      v.minLength(32, 'MCPL_SESSION_SECRET_PREVIOUS must have at least 32 characters')
    )
  ),
  /** Bound on the wait for a pod's response headers (a pod that never answers). */
  MCPL_MCP_HEADERS_TIMEOUT_SECONDS: wholeNumberOr('MCPL_MCP_HEADERS_TIMEOUT_SECONDS', 1, 3600, 120),
  /** Requests held (waiting for a pod) across all servers, and the bytes of their bodies. */
  MCPL_MCP_MAX_HELD: wholeNumberOr('MCPL_MCP_MAX_HELD', 1, 100_000, 2000),
  MCPL_MCP_MAX_HELD_BYTES: wholeNumberOr(
    'MCPL_MCP_MAX_HELD_BYTES',
    65_536,
    1_073_741_824,
    32 * 1024 * 1024
  ),
  MCPL_MCP_QUEUE_SIZE: wholeNumberOr('MCPL_MCP_QUEUE_SIZE', 0, 100_000, DEFAULT_QUEUE_BOUNDS.size),
  MCPL_MCP_QUEUE_TIMEOUT_SECONDS: wholeNumberOr('MCPL_MCP_QUEUE_TIMEOUT_SECONDS', 1, 3600, 60),
  /** `off`: no reaper in this manager (servers with mcp-lifecycle/idle-timeout stay up). */
  MCPL_REAPER: v.optional(v.picklist(['on', 'off'], 'MCPL_REAPER must be on or off'), 'on'),
  MCPL_REAPER_INTERVAL_SECONDS: wholeNumberOr('MCPL_REAPER_INTERVAL_SECONDS', 1, 3600, 5),
  /** The Lease that makes one manager replica the reaper. */
  MCPL_REAPER_LEASE: v.optional(dnsLabel, 'mcp-lifecycle-reaper'),
  MCPL_REAPER_LEASE_SECONDS: wholeNumberOr('MCPL_REAPER_LEASE_SECONDS', 5, 600, 15),
  /** At most one mcp-lifecycle/last-activity write per server this often. */
  MCPL_ACTIVITY_WRITE_SECONDS: wholeNumberOr('MCPL_ACTIVITY_WRITE_SECONDS', 1, 3600, 60),
})

export type ActivatorSettings = Omit<v.InferOutput<typeof schema>, 'MCPL_POD_NETWORKS'> & {
  MCPL_POD_NETWORKS: string[]
}

/**
 * The activator's settings, read by the long-running manager that runs it from the same source
 * as the runtime's (runtime's readSettingsSource: the MCPL_CONFIG file under the environment).
 * A bad value throws naming the variable.
 */
export function readActivatorSettings(
  env: Record<string, string | undefined> = process.env
): ActivatorSettings {
  const result = v.safeParse(schema, env)
  if (!result.success) {
    const problems = result.issues.map((issue) => `${v.getDotPath(issue) ?? '?'}: ${issue.message}`)
    throw new Error(problems.join('; '))
  }
  // In a pod (the API server's address is set) loopback is the manager's own pod: no default.
  const inPod = Boolean(env.KUBERNETES_SERVICE_HOST)
  const networks = result.output.MCPL_POD_NETWORKS ?? (inPod ? [] : ['127.0.0.0/8'])
  for (const cidr of networks) {
    const unsafe = unsafePodNetwork(parseNetwork(cidr), inPod)
    if (unsafe) throw new Error(`MCPL_POD_NETWORKS: ${unsafe}; set your cluster's pod CIDR`)
  }
  return { ...result.output, MCPL_POD_NETWORKS: networks }
}
