import {
  DEFAULT_QUEUE_BOUNDS,
  dnsLabel,
  listSetting,
  wholeNumberSetting,
} from '@mcp-lifecycle/core'
import * as v from 'valibot'
import { parseNetwork } from './pod-networks.ts'

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
    ),
    '127.0.0.0/8'
  ),
  MCPL_SESSION_SECRET: v.optional(
    v.pipe(v.string(), v.minLength(32, 'MCPL_SESSION_SECRET must have at least 32 characters'))
  ),
  MCPL_MCP_QUEUE_SIZE: v.optional(
    wholeNumberSetting('MCPL_MCP_QUEUE_SIZE', 0, 100_000),
    String(DEFAULT_QUEUE_BOUNDS.size)
  ),
  MCPL_MCP_QUEUE_TIMEOUT_SECONDS: v.optional(
    wholeNumberSetting('MCPL_MCP_QUEUE_TIMEOUT_SECONDS', 1, 3600),
    '60'
  ),
  /** `off`: no reaper in this manager (servers with mcp-lifecycle/idle-timeout stay up). */
  MCPL_REAPER: v.optional(v.picklist(['on', 'off'], 'MCPL_REAPER must be on or off'), 'on'),
  MCPL_REAPER_INTERVAL_SECONDS: v.optional(
    wholeNumberSetting('MCPL_REAPER_INTERVAL_SECONDS', 1, 3600),
    '5'
  ),
  /** The Lease that makes one manager replica the reaper. */
  MCPL_REAPER_LEASE: v.optional(dnsLabel, 'mcp-lifecycle-reaper'),
  MCPL_REAPER_LEASE_SECONDS: v.optional(
    wholeNumberSetting('MCPL_REAPER_LEASE_SECONDS', 5, 600),
    '15'
  ),
  /** At most one mcp-lifecycle/last-activity write per server this often. */
  MCPL_ACTIVITY_WRITE_SECONDS: v.optional(
    wholeNumberSetting('MCPL_ACTIVITY_WRITE_SECONDS', 1, 3600),
    '60'
  ),
})

export type ActivatorSettings = v.InferOutput<typeof schema>

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
  return result.output
}
