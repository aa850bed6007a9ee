/** The label that makes a Deployment an MCP server, unless MCPL_SELECTOR says otherwise. */
export const DEFAULT_SELECTOR = 'app.kubernetes.io/component=mcp-server'

/** The ConfigMap of handled deliveries, as infra/base ships it. */
export const DEFAULT_DELIVERIES_CONFIGMAP = 'mcp-lifecycle-deliveries'

/** Largest request body accepted unless MCPL_MAX_BODY_BYTES says otherwise. */
export const DEFAULT_MAX_BODY_BYTES = 65_536
