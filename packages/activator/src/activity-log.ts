import type { ServerActivity } from '@mcp-lifecycle/core'

/**
 * Sessions of a server without an idle timeout are forgotten after this long unseen (clients
 * rarely send DELETE); a server with one forgets them after its idle timeout, when the reaper
 * no longer counts them anyway.
 */
export const SESSION_MEMORY_MS = 24 * 3_600_000
/** Sessions kept per server, the least recently used dropped first (a pod may mint many). */
export const MAX_SESSIONS_PER_SERVER = 256

interface Entry {
  inFlight: number
  lastActivity: number
  sessions: Map<string, number>
  /** How long a session unseen is remembered: the server's idle timeout when it has one. */
  sessionMemoryMs: number
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

  /**
   * Counts a request in flight until the returned function is called (once). `idleTimeoutMs`:
   * the server's, when known (how long its sessions and its entry are remembered idle).
   */
  begin(name: string, idleTimeoutMs?: number): () => void {
    const entry = this.touch(name)
    if (idleTimeoutMs !== undefined) entry.sessionMemoryMs = idleTimeoutMs
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
   * A pod issued this session (the id as the client holds it): remembered, within the bound,
   * for `idleTimeoutMs` unseen (the server's idle timeout; absent: SESSION_MEMORY_MS). Only
   * sessions a pod issued are kept, never ids a client sends, so clients cannot grow it.
   */
  sessionIssued(name: string, session: string, idleTimeoutMs?: number): void {
    const entry = this.touch(name)
    entry.sessionMemoryMs = idleTimeoutMs ?? SESSION_MEMORY_MS
    const sessions = this.forgetOldSessions(entry).sessions
    sessions.delete(session)
    sessions.set(session, this.now())
    if (sessions.size > MAX_SESSIONS_PER_SERVER) {
      sessions.delete(sessions.keys().next().value as string)
    }
  }

  /** A request of a known session was seen now; an id not issued here (or forgotten) is ignored. */
  sessionUsed(name: string, session: string, idleTimeoutMs?: number): void {
    const entry = this.entries.get(name)
    if (!entry) return
    entry.sessionMemoryMs = idleTimeoutMs ?? SESSION_MEMORY_MS
    const sessions = this.forgetOldSessions(entry).sessions
    if (!sessions.has(session)) return
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
    this.forgetOldSessions(entry)
    return {
      inFlight: entry.inFlight,
      lastActivity: entry.lastActivity,
      sessionsSeen: [...entry.sessions.values()],
    }
  }

  /**
   * Nothing in flight, no session remembered, and idle for longer than the server's idle
   * timeout (24 h without one): the entry tells the reaper nothing the annotation does not.
   */
  isIdle(name: string): boolean {
    const entry = this.entries.get(name)
    if (!entry || entry.inFlight > 0 || this.forgetOldSessions(entry).sessions.size > 0)
      return false
    return this.now() - entry.lastActivity > entry.sessionMemoryMs
  }

  /** Drops a server (deleted, or never an MCP server): nothing to record for it. */
  forget(name: string): void {
    this.entries.delete(name)
  }

  /** The servers seen so far. */
  names(): string[] {
    return [...this.entries.keys()]
  }

  /** Drops the sessions unseen for longer than the entry's memory (the least recent first). */
  private forgetOldSessions(entry: Entry): Entry {
    const oldest = this.now() - entry.sessionMemoryMs
    for (const [id, seen] of entry.sessions) {
      if (seen >= oldest) break
      entry.sessions.delete(id)
    }
    return entry
  }

  private touch(name: string): Entry {
    let entry = this.entries.get(name)
    if (!entry) {
      entry = {
        inFlight: 0,
        lastActivity: 0,
        sessions: new Map(),
        sessionMemoryMs: SESSION_MEMORY_MS,
      }
      this.entries.set(name, entry)
    }
    entry.lastActivity = this.now()
    return entry
  }
}
