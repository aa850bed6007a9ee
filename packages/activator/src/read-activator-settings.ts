import * as v from 'valibot'
import { parseNetwork } from './pod-networks.ts'

const wholeNumber = (name: string, min: number, max: number) =>
  v.pipe(
    v.string(),
    v.regex(/^\d+$/, `${name} must be a whole number`),
    v.transform(Number),
    v.minValue(min, `${name} must be at least ${min}`),
    v.maxValue(max, `${name} must be at most ${max}`)
  )

const schema = v.object({
  MCPL_POD_NETWORKS: v.optional(
    v.pipe(
      v.string(),
      v.transform((text) =>
        text
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)
      ),
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
  MCPL_MCP_QUEUE_SIZE: v.optional(wholeNumber('MCPL_MCP_QUEUE_SIZE', 0, 100_000), '100'),
  MCPL_MCP_QUEUE_TIMEOUT_SECONDS: v.optional(
    wholeNumber('MCPL_MCP_QUEUE_TIMEOUT_SECONDS', 1, 3600),
    '60'
  ),
})

export type ActivatorSettings = v.InferOutput<typeof schema>

/**
 * The activator's settings, from the environment (to move into core's settings once their
 * restructuring lands). A bad value throws naming the variable.
 */
export function readActivatorSettings(
  env: Record<string, string | undefined> = process.env
): ActivatorSettings {
  const result = v.safeParse(schema, env)
  if (!result.success) throw new Error(result.issues.map((issue) => issue.message).join('; '))
  return result.output
}
