import type { ServerActivity } from '@mcp-lifecycle/core'

/** Sessions not seen for this long are forgotten (clients rarely send DELETE). */
const SESSION_MEMORY_MS = 24 * 3_600_000
/** Sessions kept per server, the least recently used dropped first (a pod may mint many). */
export const MAX_SESSIONS_PER_SERVER = 256

interface Entry {
  inFlight: number
  lastActivity: number
  sessions: Map<string, number>
}

/**
 * What the activator saw of each server's use, for the reaper and the last-activity
 * annotation: requests in flight from arrival to the end of their answer (an open SSE stream
 * stays in flight), the time of the last arrival or end, and the 2025 sessions seen. Lives
 * apart from the gates, which close after a few idle minutes while idle timeouts are longer.
 */
export class ActivityLog {
  private readonly entries = new Map<string, Entry>()
  private readonly now: () => number

  constructor(now: () => number = Date.now) {
    this.now = now
  }

  /** Counts a request in flight until the returned function is called (once). */
  begin(name: string): () => void {
    const entry = this.touch(name)
    entry.inFlight++
    let done = false
    return () => {
      if (done) return
      done = true
      entry.inFlight--
      entry.lastActivity = this.now()
    }
  }

  /**
   * A pod issued this session (the id as the client holds it): remembered, within the bound.
   * Only sessions a pod issued are kept, never ids a client sends, so clients cannot grow it.
   */
  sessionIssued(name: string, session: string): void {
    const sessions = this.touch(name).sessions
    sessions.delete(session)
    sessions.set(session, this.now())
    if (sessions.size > MAX_SESSIONS_PER_SERVER) {
      sessions.delete(sessions.keys().next().value as string)
    }
  }

  /** A request of a known session was seen now; an id not issued here is ignored. */
  sessionUsed(name: string, session: string): void {
    const sessions = this.entries.get(name)?.sessions
    if (!sessions?.has(session)) return
    sessions.delete(session)
    sessions.set(session, this.now())
  }

  /** The client ended the session (DELETE). */
  endSession(name: string, session: string): void {
    this.entries.get(name)?.sessions.delete(session)
  }

  activity(name: string): ServerActivity | undefined {
    const entry = this.entries.get(name)
    if (!entry) return undefined
    const oldest = this.now() - SESSION_MEMORY_MS
    for (const [id, seen] of entry.sessions) if (seen < oldest) entry.sessions.delete(id)
    return {
      inFlight: entry.inFlight,
      lastActivity: entry.lastActivity,
      sessionsSeen: [...entry.sessions.values()],
    }
  }

  /** Drops a server (deleted, or never an MCP server): nothing to record for it. */
  forget(name: string): void {
    this.entries.delete(name)
  }

  /** The servers seen so far. */
  names(): string[] {
    return [...this.entries.keys()]
  }

  private touch(name: string): Entry {
    let entry = this.entries.get(name)
    if (!entry)
      this.entries.set(name, (entry = { inFlight: 0, lastActivity: 0, sessions: new Map() }))
    entry.lastActivity = this.now()
    return entry
  }
}
