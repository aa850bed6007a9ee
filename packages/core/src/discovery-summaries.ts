import type { KeptAnswer, KeptDiscovery } from './discovery-answer.ts'
import {
  summarizeKept,
  toDiscoveryView,
  withAnswer,
  type DiscoverySummary,
  type DiscoveryView,
} from './discovery-view.ts'
import type { DeploymentSnapshot } from './snapshot.ts'

/** Where views read what a manager knows of each server's kept discovery. */
export interface DiscoveryViews {
  /** The server's discovery view; undefined when this process has not read or written any. */
  view(deployment: DeploymentSnapshot): DiscoveryView | undefined
  /** Calls `listener` with a server's name when what is known of it changed; returns how to stop. */
  onChange(listener: (server: string) => void): () => void
}

/** Servers summarized at most; past it the oldest summary goes (its view is then absent). */
const MAX_SERVERS = 4096

/**
 * What this manager knows of each server's kept discovery answers, from the reads and writes
 * its discovery keeper makes anyway: no call of its own, so a view costs nothing. Another
 * replica's writes show here once this one reads the server's answers. Bounded in servers.
 */
export class DiscoverySummaries implements DiscoveryViews {
  private readonly summaries = new Map<string, DiscoverySummary>()
  private readonly listeners = new Set<(server: string) => void>()
  /** The last view of each summary: the same object until the summary or the Deployment changes. */
  private readonly views = new WeakMap<
    DiscoverySummary,
    { deployment: DeploymentSnapshot; view: DiscoveryView }
  >()

  /** The keeper read the server's answers. */
  read(server: string, kept: KeptDiscovery | undefined): void {
    this.set(server, summarizeKept(kept))
  }

  /** The keeper kept `answer` under `template`. */
  kept(server: string, template: string, answer: KeptAnswer): void {
    this.set(server, withAnswer(this.summaries.get(server), answer, template))
  }

  /** Some answers were dropped: what is left is unknown until the next read. */
  forget(server: string): void {
    this.set(server, undefined)
  }

  view(deployment: DeploymentSnapshot): DiscoveryView | undefined {
    const summary = this.summaries.get(deployment.name)
    if (!summary) return undefined
    const last = this.views.get(summary)
    if (last?.deployment === deployment) return last.view
    const view = toDiscoveryView(summary, deployment)
    this.views.set(summary, { deployment, view })
    return view
  }

  onChange(listener: (server: string) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  private set(server: string, summary: DiscoverySummary | undefined): void {
    const before = this.summaries.get(server)
    this.summaries.delete(server)
    if (summary) {
      if (this.summaries.size >= MAX_SERVERS) {
        this.summaries.delete(this.summaries.keys().next().value!)
      }
      this.summaries.set(server, summary)
    }
    if (JSON.stringify(before) === JSON.stringify(summary)) return
    for (const listener of this.listeners) listener(server)
  }
}
