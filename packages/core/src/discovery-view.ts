import * as v from 'valibot'
import type { KeptAnswer, KeptDiscovery } from './discovery-answer.ts'
import { DISCOVERY_ANNOTATION } from './discovery-serving.ts'
import type { DeploymentSnapshot } from './snapshot.ts'

/** What a server's view says of its kept discovery answers (issue 30). */
export const discoveryViewSchema = v.object({
  /**
   * Answers are kept under the server's current pod template that some caller may be served
   * while it sleeps (public or private hints; without hints only under `discovery: cached`).
   */
  kept: v.boolean(),
  /** When the newest of them was taken; null when none is kept. */
  taken_at: v.nullable(v.pipe(v.string(), v.isoTimestamp())),
  /** The protocol revisions they answer (2026-07-28, 2025-11-25...). */
  revisions: v.array(v.string()),
})

export type DiscoveryView = v.InferOutput<typeof discoveryViewSchema>

/** What a manager knows of one server's kept answers: a few numbers, not the answers. */
export interface DiscoverySummary {
  template: string
  /** The newest answer's time (ms since the epoch); 0 when none. */
  takenAt: number
  revisions: string[]
  /** Some answer carries a cache hint (servable without the opt-in). */
  hinted: boolean
  /** Some answer carries none (servable only under `discovery: cached`). */
  unhinted: boolean
}

/** The summary of what a store read back; undefined when nothing is kept. */
export function summarizeKept(kept: KeptDiscovery | undefined): DiscoverySummary | undefined {
  if (!kept || kept.answers.length === 0) return undefined
  return kept.answers.reduce(
    (summary, answer) => withAnswer(summary, answer),
    emptySummary(kept.template)
  )
}

/** The summary once `answer` was kept under `template` (answers of another template are gone). */
export function withAnswer(
  summary: DiscoverySummary | undefined,
  answer: KeptAnswer,
  template = summary?.template ?? ''
): DiscoverySummary {
  const base = summary?.template === template ? summary : emptySummary(template)
  return {
    template,
    takenAt: Math.max(base.takenAt, answer.takenAt),
    revisions: [...new Set([...base.revisions, answer.revision])].sort(),
    hinted: base.hinted || answer.scope !== undefined,
    unhinted: base.unhinted || answer.scope === undefined,
  }
}

/** The view of a summary for the server as it is now (its template, its opt-in). */
export function toDiscoveryView(
  summary: DiscoverySummary,
  deployment: DeploymentSnapshot
): DiscoveryView {
  const optIn = deployment.annotations[DISCOVERY_ANNOTATION]
  const current = summary.template === deployment.templateHash && optIn !== 'off'
  const kept = current && (summary.hinted || (summary.unhinted && optIn === 'cached'))
  return {
    kept,
    taken_at: kept && summary.takenAt > 0 ? new Date(summary.takenAt).toISOString() : null,
    revisions: kept ? summary.revisions : [],
  }
}

function emptySummary(template: string): DiscoverySummary {
  return { template, takenAt: 0, revisions: [], hinted: false, unhinted: false }
}
