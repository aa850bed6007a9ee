/** Per-server annotations on the Deployment that tune the activator. */
export const MCP_PORT_ANNOTATION = 'mcp-lifecycle/mcp-port'
export const MCP_PATH_ANNOTATION = 'mcp-lifecycle/mcp-path'
export const QUEUE_SIZE_ANNOTATION = 'mcp-lifecycle/queue-size'
export const QUEUE_TIMEOUT_ANNOTATION = 'mcp-lifecycle/queue-timeout-seconds'
/** `mcp`: a pod takes requests only once an MCP request has succeeded on it. */
export const READY_CHECK_ANNOTATION = 'mcp-lifecycle/ready-check'

export const DEFAULT_MCP_PATH = '/mcp'

export interface QueueBounds {
  /** Requests that may wait for a ready pod at once. */
  size: number
  /** How long one request may wait, in milliseconds. */
  timeoutMs: number
}

export const DEFAULT_QUEUE_BOUNDS: QueueBounds = { size: 1000, timeoutMs: 60_000 }

/**
 * The queue bounds of one server: its annotations, else the defaults. A value that is not a
 * whole number in range is ignored (a typo in an annotation must not disable the bound).
 */
export function queueBounds(
  annotations: Record<string, string>,
  defaults: QueueBounds = DEFAULT_QUEUE_BOUNDS
): QueueBounds {
  // Annotations only lower the operator's bounds: whoever edits a Deployment must not make
  // the manager hold more requests, or for longer, than its operator allows.
  const size = wholeNumber(annotations[QUEUE_SIZE_ANNOTATION], 0, defaults.size)
  const seconds = wholeNumber(annotations[QUEUE_TIMEOUT_ANNOTATION], 1, 3600)
  return {
    size: size ?? defaults.size,
    timeoutMs:
      seconds === undefined ? defaults.timeoutMs : Math.min(seconds * 1000, defaults.timeoutMs),
  }
}

/**
 * The path of the MCP endpoint on a pod: the annotation when it is a plain path (no query, no
 * fragment: a `#` would be sent raw), else /mcp.
 */
export function mcpPath(annotations: Record<string, string>): string {
  const path = annotations[MCP_PATH_ANNOTATION]
  return path && /^\/[\x21-\x7e]*$/.test(path) && !/[?#]/.test(path) ? path : DEFAULT_MCP_PATH
}

/**
 * What makes a Ready pod usable: `pod` (the default) trusts the Ready condition; `mcp` (the
 * annotation `mcp-lifecycle/ready-check: mcp`) waits until an MCP request succeeds on it too.
 * Any other value is the default.
 */
export type ReadyCheck = 'pod' | 'mcp'

export function readyCheck(annotations: Record<string, string>): ReadyCheck {
  return annotations[READY_CHECK_ANNOTATION]?.trim().toLowerCase() === 'mcp' ? 'mcp' : 'pod'
}

export function wholeNumber(
  text: string | undefined,
  min: number,
  max: number
): number | undefined {
  if (text === undefined || !/^\d+$/.test(text.trim())) return undefined
  const value = Number(text.trim())
  return value >= min && value <= max ? value : undefined
}
