/**
 * What a long-running manager knows of one server's use beyond the persisted
 * `mcp-lifecycle/last-activity` annotation. Times are milliseconds since the epoch.
 */
export interface ServerActivity {
  /** Requests proxied now, from arrival to the end of their answer (open SSE streams included). */
  inFlight: number
  /** When a request last arrived or ended. */
  lastActivity?: number
  /** When each 2025 session (Mcp-Session-Id) was last seen, one entry per session. */
  sessionsSeen: readonly number[]
}
