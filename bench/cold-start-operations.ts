// The request each function's cold start is measured to (cold-start.ts, cold-start-profile.ts):
// its operation route, called so that it changes nothing.
import { INITIALIZE, mcpPost } from '@mcp-lifecycle/activator/testing'

export const RUNNING = 'cold-run'
export const STOPPED = 'cold-stop'

export interface Operation {
  path: string
  init?: RequestInit
}

const json = (body: unknown): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
})

/** The operation route of each function, called with a request that changes nothing. */
export const OPERATIONS: Record<string, Operation> = {
  list: { path: '/servers' },
  status: { path: `/servers/${RUNNING}` },
  start: { path: `/servers/${RUNNING}/start`, init: json({ wait_ready: false }) }, // already running
  stop: { path: `/servers/${STOPPED}/stop`, init: json({}) }, // already stopped
  scale: { path: `/servers/${RUNNING}/scale`, init: json({ replicas: 1 }) }, // the current count
  mcp: {
    path: '/mcp',
    // 2025-06-18, as the function's image sends it when it warms its code cache (apps/functions/image).
    init: mcpPost({
      ...INITIALIZE,
      params: { ...INITIALIZE.params, protocolVersion: '2025-06-18' },
    }),
  },
}
