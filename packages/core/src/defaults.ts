/** The label that makes a Deployment an MCP server, unless the operator's selector setting (see runtime) says otherwise. */
export const DEFAULT_SELECTOR = 'app.kubernetes.io/component=mcp-server'

/** The ConfigMap of handled deliveries, as infra/base ships it. */
export const DEFAULT_DELIVERIES_CONFIGMAP = 'mcp-lifecycle-deliveries'

/** Largest request body accepted unless the operator's setting (see runtime) says otherwise. */
export const DEFAULT_MAX_BODY_BYTES = 65_536
