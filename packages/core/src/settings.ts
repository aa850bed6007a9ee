import * as v from 'valibot'
import { DEFAULT_LIMITS } from './limits.ts'

const integerFrom = (name: string, min: number, max: number) =>
  v.pipe(
    v.string(),
    v.regex(/^\d+$/, `${name} must be a whole number`),
    v.transform(Number),
    v.minValue(min, `${name} must be at least ${min}`),
    v.maxValue(max, `${name} must be at most ${max}`)
  )

const list = v.pipe(
  v.string(),
  v.transform((text) => text.split(',').map((s) => s.trim()).filter(Boolean))
)

/**
 * The process configuration, read from environment variables. Every setting, its default and
 * its meaning are listed in the README; a bad value stops the start-up naming the variable.
 */
export const settingsSchema = v.object({
  PORT: v.optional(integerFrom('PORT', 0, 65535), '8080'),
  HOST: v.optional(v.pipe(v.string(), v.minLength(1)), '0.0.0.0'),
  /** Namespace of the MCP servers; unset: the pod's own in a cluster, else `default`. */
  MCPL_NAMESPACE: v.optional(v.pipe(v.string(), v.regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'MCPL_NAMESPACE must be a DNS-1123 label'))),
  MCPL_SELECTOR: v.optional(v.pipe(v.string(), v.minLength(1)), 'app.kubernetes.io/component=mcp-server'),
  MCPL_MAX_REPLICAS: v.optional(integerFrom('MCPL_MAX_REPLICAS', 1, 1000), String(DEFAULT_LIMITS.maxReplicas)),
  MCPL_MAX_TIMEOUT_SECONDS: v.optional(integerFrom('MCPL_MAX_TIMEOUT_SECONDS', 1, 86400), String(DEFAULT_LIMITS.maxTimeoutSeconds)),
  /** Hosts that reach the nodes, for NodePort endpoint URLs. */
  MCPL_NODE_HOSTS: v.optional(list, ''),
  MCPL_CLUSTER_DOMAIN: v.optional(v.pipe(v.string(), v.minLength(1)), 'cluster.local'),
  MCPL_LOG_LEVEL: v.optional(
    v.picklist(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], 'MCPL_LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent'),
    'info'
  ),
  /** On SIGTERM: how long in-flight requests may finish before waits are cancelled. */
  MCPL_SHUTDOWN_GRACE_SECONDS: v.optional(integerFrom('MCPL_SHUTDOWN_GRACE_SECONDS', 0, 3600), '10'),
})

export type Settings = v.InferOutput<typeof settingsSchema>

/** Parses the environment; throws an Error whose message names every bad variable. */
export function parseSettings(env: Record<string, string | undefined>): Settings {
  const defined = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''))
  const result = v.safeParse(settingsSchema, defined)
  if (result.success) return result.output
  const problems = result.issues.map((issue) => `${v.getDotPath(issue) ?? '?'}: ${issue.message}`)
  throw new Error(`Invalid configuration:\n  ${problems.join('\n  ')}`)
}
