import * as v from 'valibot'
import {
  DEFAULT_DELIVERIES_CONFIGMAP,
  DEFAULT_LIMITS,
  DEFAULT_MAX_BODY_BYTES,
  DEFAULT_SELECTOR,
  DEFAULT_STREAM_LIMITS,
  dnsLabel,
  listSetting,
  namespaceSelection,
  textSetting,
  wholeNumberOr,
  type EndpointOptions,
  type Limits,
} from '@mcp-lifecycle/core'

/** The highest bounds a manager can be configured with. */
export const HIGHEST_LIMITS: Limits = { maxReplicas: 1000, maxTimeoutSeconds: 86_400 }

/**
 * The process configuration, read from environment variables. Every setting, its default and
 * its meaning are listed in the README; a bad value stops the start-up naming the variable.
 */
export const settingsSchema = v.object({
  PORT: wholeNumberOr('PORT', 0, 65535, 8080),
  HOST: v.optional(textSetting, '0.0.0.0'),
  /** Namespace of the MCP servers; unset: the pod's own in a cluster, else `default`. */
  MCPL_NAMESPACE: v.optional(dnsLabel),
  /**
   * The namespaces managed: a comma list, or `*` for every one the manager may see; unset: only
   * the default namespace (MCPL_NAMESPACE), as before there were several.
   */
  MCPL_NAMESPACES: v.optional(namespaceSelection),
  MCPL_SELECTOR: v.optional(textSetting, DEFAULT_SELECTOR),
  MCPL_MAX_REPLICAS: wholeNumberOr(
    'MCPL_MAX_REPLICAS',
    1,
    HIGHEST_LIMITS.maxReplicas,
    DEFAULT_LIMITS.maxReplicas
  ),
  MCPL_MAX_TIMEOUT_SECONDS: wholeNumberOr(
    'MCPL_MAX_TIMEOUT_SECONDS',
    1,
    HIGHEST_LIMITS.maxTimeoutSeconds,
    DEFAULT_LIMITS.maxTimeoutSeconds
  ),
  /** Hosts that reach the nodes, for NodePort endpoint URLs. */
  MCPL_NODE_HOSTS: v.optional(listSetting, ''),
  MCPL_CLUSTER_DOMAIN: v.optional(textSetting, 'cluster.local'),
  MCPL_LOG_LEVEL: v.optional(
    v.picklist(
      ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'],
      'MCPL_LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent'
    ),
    'info'
  ),
  /** 'token' (bearer tokens and/or JWTs) or 'none' (explicit: then only 127.0.0.1 is served). */
  MCPL_AUTH: v.optional(v.picklist(['token', 'none'], 'MCPL_AUTH must be token or none'), 'token'),
  /** JSON file of tokens (a mounted Secret); reloaded when it changes. */
  MCPL_TOKENS_FILE: v.optional(textSetting),
  /** OIDC: JWKS URL (https only), and the issuer and audience every JWT must carry. */
  MCPL_JWT_JWKS_URL: v.optional(
    v.pipe(
      v.string(),
      v.url('MCPL_JWT_JWKS_URL must be a URL'),
      v.startsWith('https:', 'MCPL_JWT_JWKS_URL must be an https: URL')
    )
  ),
  /** An issuer URL, or `cluster`: the service-account issuer of the cluster the process runs in. */
  MCPL_JWT_ISSUER: v.optional(textSetting),
  MCPL_JWT_AUDIENCE: v.optional(textSetting),
  /** The claim holding scopes (mcp-lifecycle:read, mcp-lifecycle:write). */
  MCPL_JWT_SCOPE_CLAIM: v.optional(textSetting, 'scope'),
  /** JSON file of rules granting scopes to JWT subjects; reloaded when it changes. */
  MCPL_JWT_SUBJECTS_FILE: v.optional(textSetting),
  /** JWTs issued (`iat`) longer ago are refused, whatever their `exp`. */
  MCPL_JWT_MAX_TOKEN_AGE_SECONDS: wholeNumberOr('MCPL_JWT_MAX_TOKEN_AGE_SECONDS', 60, 86400, 3600),
  /** JSON file {source: secret} for webhooks (a mounted Secret). */
  MCPL_WEBHOOK_SECRETS_FILE: v.optional(textSetting),
  /** ConfigMap holding the record of handled deliveries (webhooks, CloudEvents). */
  MCPL_DELIVERIES_CONFIGMAP: v.optional(textSetting, DEFAULT_DELIVERIES_CONFIGMAP),
  MCPL_MAX_BODY_BYTES: wholeNumberOr(
    'MCPL_MAX_BODY_BYTES',
    256,
    10_485_760,
    DEFAULT_MAX_BODY_BYTES
  ),
  /** Mutations per principal: a burst, then this many a minute. */
  MCPL_RATE_LIMIT_BURST: wholeNumberOr('MCPL_RATE_LIMIT_BURST', 1, 100000, 20),
  MCPL_RATE_LIMIT_PER_MINUTE: wholeNumberOr('MCPL_RATE_LIMIT_PER_MINUTE', 1, 1000000, 60),
  MCPL_MAX_CONCURRENT_WAITS: wholeNumberOr('MCPL_MAX_CONCURRENT_WAITS', 1, 100000, 100),
  /** Open change streams and MCP subscriptions/listen streams: in all, and per principal. */
  MCPL_MAX_STREAMS: wholeNumberOr('MCPL_MAX_STREAMS', 1, 100000, DEFAULT_STREAM_LIMITS.max),
  MCPL_MAX_STREAMS_PER_PRINCIPAL: wholeNumberOr(
    'MCPL_MAX_STREAMS_PER_PRINCIPAL',
    1,
    100000,
    DEFAULT_STREAM_LIMITS.perPrincipal
  ),
  /**
   * Bound on each Kubernetes API call (reads and writes; a wait keeps its own deadline): a
   * hung API server gives a quick 503, not a hung request.
   */
  MCPL_KUBE_TIMEOUT_SECONDS: wholeNumberOr('MCPL_KUBE_TIMEOUT_SECONDS', 1, 300, 5),
  /**
   * Open connections, in all and per client address (over either: closed at once; the last
   * tenth, at most 64, only for addresses holding none). Raise the per-address cap behind a
   * proxy that funnels every client through few addresses.
   */
  MCPL_MAX_CONNECTIONS: wholeNumberOr('MCPL_MAX_CONNECTIONS', 10, 1_000_000, 4096),
  MCPL_MAX_CONNECTIONS_PER_ADDRESS: wholeNumberOr(
    'MCPL_MAX_CONNECTIONS_PER_ADDRESS',
    1,
    1_000_000,
    256
  ),
  /** How long a client may take to send a request's headers, then its whole request. */
  MCPL_HEADERS_TIMEOUT_SECONDS: wholeNumberOr('MCPL_HEADERS_TIMEOUT_SECONDS', 1, 600, 10),
  MCPL_REQUEST_TIMEOUT_SECONDS: wholeNumberOr('MCPL_REQUEST_TIMEOUT_SECONDS', 1, 3600, 30),
  /** On SIGTERM: how long in-flight requests may finish before waits are cancelled. */
  MCPL_SHUTDOWN_GRACE_SECONDS: wholeNumberOr('MCPL_SHUTDOWN_GRACE_SECONDS', 0, 3600, 10),
})

export type Settings = v.InferOutput<typeof settingsSchema>

/** Parses the environment; throws an Error whose message names every bad variable. */
export function parseSettings(env: Record<string, string | undefined>): Settings {
  const defined = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value !== '')
  )
  const result = v.safeParse(settingsSchema, defined)
  if (result.success) return result.output
  const problems = result.issues.map((issue) => `${v.getDotPath(issue) ?? '?'}: ${issue.message}`)
  throw new Error(`Invalid configuration:\n  ${problems.join('\n  ')}`)
}

/** How endpoint URLs are written, from the settings. */
export function endpointOptionsOf(
  settings: Pick<Settings, 'MCPL_NODE_HOSTS' | 'MCPL_CLUSTER_DOMAIN'>
): EndpointOptions {
  return { nodeHosts: settings.MCPL_NODE_HOSTS, clusterDomain: settings.MCPL_CLUSTER_DOMAIN }
}

/** The bounds on requests (replicas, wait timeouts), from the settings. */
export function limitsOf(
  settings: Pick<Settings, 'MCPL_MAX_REPLICAS' | 'MCPL_MAX_TIMEOUT_SECONDS'>
): Limits {
  return {
    maxReplicas: settings.MCPL_MAX_REPLICAS,
    maxTimeoutSeconds: settings.MCPL_MAX_TIMEOUT_SECONDS,
  }
}
