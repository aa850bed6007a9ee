import type { QueueBounds } from '@mcp-lifecycle/core'
import type { HandlerDeps } from '@mcp-lifecycle/http-kit'
import type { ActivityLog } from './activity-log.ts'
import type { DeferredSessions } from './deferred-session.ts'
import type { DiscoveryKeeper } from './discovery-keeper.ts'
import type { DiscoveryRefresher } from './discovery-refresher.ts'
import type { HeldRequests } from './held-requests.ts'
import type { ListenStreams } from './listen-streams.ts'
import type { PodReach } from './pod-target.ts'
import type { ProbeTiming } from './ready-check.ts'
import type { ServerGates } from './server-gates.ts'
import type { SessionCodec } from './session-token.ts'

/** What every proxied request shares, built once by the activator. */
export interface ProxySetup {
  deps: HandlerDeps
  gates: ServerGates
  codec: SessionCodec
  log: ActivityLog
  held: HeldRequests
  /** The relayed subscriptions/listen streams, which the reaper ends before a stop. */
  listens: ListenStreams
  /** The operator's bounds per server; annotations may only lower them. */
  queue: QueueBounds
  maxBodyBytes: number
  /** Longest pause between tries while a just-Ready pod refuses connections (they grow to it). */
  connectRetryMs: number
  probe: ProbeTiming
  reach: PodReach
  /** Keeps discovery answers and serves them while the server sleeps; absent: neither. */
  discovery: DiscoveryKeeper | undefined
  /** Asks a server for its discovery itself after a wake; absent without a keeper. */
  refresher: DiscoveryRefresher | undefined
  /** 2025 sessions the manager opened for a sleeping server, and where they went. */
  deferred: DeferredSessions
  /** Counts what the metrics show: answers without a wake, and wakes. */
  observe: {
    answeredAsleep: (name: string, era: 'modern' | 'legacy') => void
    woke: (name: string) => void
  }
}
