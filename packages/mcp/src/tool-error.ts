import {
  NAMESPACE_NOT_MANAGED,
  toProblem,
  type ErrorKind,
  type LifecycleError,
  ServerTimeout,
  type ServerStatusView,
} from '@mcp-lifecycle/core'
import type { CallToolResult } from '@modelcontextprotocol/server'

/** Which call failed, to word the advice: the tool, and the arguments known so far. */
export interface ToolCall {
  tool: string
  name?: string
  timeout?: number
}

/**
 * A failed call as a tool error (isError: true), worded so an agent knows what to do next.
 * Only a timeout carries structured content: the server's last seen status, which matches the
 * tool's outputSchema (a client validates any structured content it gets, error or not).
 */
export function toolError(error: LifecycleError, call: ToolCall): CallToolResult {
  const lastSeen = error instanceof ServerTimeout ? error.server : undefined
  if (!lastSeen) {
    return {
      isError: true,
      content: [
        { type: 'text', text: `${headline(error, call)} ${ADVICE[error.kind](call, error)}` },
      ],
    }
  }
  return {
    isError: true,
    content: [
      { type: 'text', text: timeoutText(lastSeen, call) },
      { type: 'text', text: JSON.stringify(lastSeen) },
    ],
    structuredContent: lastSeen as unknown as Record<string, unknown>,
  }
}

function headline(error: LifecycleError, call: ToolCall): string {
  if (error.kind === 'invalid') return `Invalid arguments for ${call.tool}: ${error.message}.`
  if (
    error.kind === 'not-found' &&
    call.name !== undefined &&
    error.title !== NAMESPACE_NOT_MANAGED
  )
    return `No MCP server named '${call.name}'.`
  const { title, detail } = toProblem(error)
  return `${title}: ${detail}`
}

function timeoutText(view: ServerStatusView, { tool, timeout }: ToolCall): string {
  const within = timeout === undefined ? '' : ` within ${timeout}s`
  const doing = tool === 'start_mcp' ? 'starting' : 'converging'
  return (
    `'${view.name}' did not get ${view.replicas} ready replica(s)${within} (last seen: ${view.status}, ` +
    `${view.ready_replicas}/${view.replicas} ready). It keeps ${doing} in the background: call ` +
    `get_mcp_status with name '${view.name}' to follow it, or call ${tool} again with a longer timeout.`
  )
}

// Tools whose calls can wait for readiness, and so take a wait slot.
const WAITING_TOOLS = new Set(['start_mcp', 'scale_mcp'])

// forbidden and unavailable have two causes with different remedies: Kubernetes refusing or
// failing the manager (for an operator), or the manager's own checks on the caller (for the caller).
const ADVICE: Record<ErrorKind, (call: ToolCall, error: LifecycleError) => string> = {
  invalid: () => "Correct that argument (the tool's inputSchema lists them) and call again.",
  'not-found': () => 'Call list_mcp_servers to see the names.',
  timeout: ({ name }) =>
    `Call get_mcp_status${name ? ` with name '${name}'` : ''} to see where it stands, then retry.`,
  unavailable: ({ tool }, { fromKubernetes }) => {
    if (fromKubernetes)
      return 'Retry in a moment; if it keeps failing, the manager cannot reach its cluster (ask an operator to check its kubeconfig or ServiceAccount).'
    // Too many waits in progress, or the manager shutting down: both pass within seconds.
    if (!WAITING_TOOLS.has(tool)) return 'Retry in a few seconds.'
    return `Retry in a few seconds, or call ${tool} with wait_ready false and follow the server with get_mcp_status.`
  },
  forbidden: (_call, { fromKubernetes }) =>
    fromKubernetes
      ? 'The manager lacks a Kubernetes permission; ask an operator to check its Role.'
      : 'Your credential does not allow this call: changes need a token with the write scope, and a token limited to a server pattern reaches only the servers that match it. Use such a token, or ask an operator for one.',
  // No tool call meets this today: /mcp checks the credential before any tool runs, and the
  // adapter reports a Kubernetes 401 as unavailable. Worded for what the kind means.
  unauthorized: () =>
    'Connect again with a valid credential (for /mcp, an Authorization: Bearer token).',
  conflict: ({ tool }) => `Call ${tool} again.`,
  'rate-limited': () => 'Wait a little, then retry.',
  unprocessable: () => 'Ask an operator to check the Deployment.',
  'payload-too-large': () => 'Send smaller arguments.',
  // Nor this: the content type is checked before any tool runs.
  'unsupported-media-type': () => 'Send the request as application/json.',
  // Nor this: the 405s (GET and DELETE /mcp) are answered before any tool runs.
  'method-not-allowed': () =>
    'The manager does not offer that action; tools/list shows the tools it does.',
  internal: () => 'Retry later.',
}
