// The request each function's cold start is measured to (cold-start.ts, cold-start-profile.ts):
// its operation route, called so that it changes nothing.
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
    init: {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
      },
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 1,
        method: 'initialize',
        params: {
          protocolVersion: '2025-06-18',
          capabilities: {},
          clientInfo: { name: 'mcpl-bench', version: '0' },
        },
      }),
    },
  },
}
