/**
 * The port that persists when a server was last used (one port per concern, apart from
 * LifecycleBackend): on Kubernetes, the Deployment annotation `mcp-lifecycle/last-activity`,
 * which `last_activity` and the reaper read back. Confined like the backend to MCP servers.
 */
export interface ActivityRecorder {
  /** Records `at` as the server's last activity (an RFC 3339 time). */
  recordActivity(name: string, at: Date, signal?: AbortSignal): Promise<void>
}
