import type { DiscoveryMethod, KeptAnswer, KeptDiscovery } from '../discovery-answer.ts'
import { DEFAULT_DISCOVERY_BOUNDS, keepAnswer, type DiscoveryBounds } from '../discovery-bounds.ts'
import type { DiscoveryStore } from '../discovery-store.ts'

/** A DiscoveryStore in memory; instances given the same map share it, as replicas share one. */
export class MemoryDiscoveryStore implements DiscoveryStore {
  readonly kept: Map<string, KeptDiscovery>
  private readonly bounds: DiscoveryBounds

  constructor(kept = new Map<string, KeptDiscovery>(), bounds = DEFAULT_DISCOVERY_BOUNDS) {
    this.kept = kept
    this.bounds = bounds
  }

  async read(server: string): Promise<KeptDiscovery | undefined> {
    return structuredClone(this.kept.get(server))
  }

  async keep(server: string, template: string, answer: KeptAnswer): Promise<boolean> {
    const next = keepAnswer(this.kept.get(server), template, structuredClone(answer), this.bounds)
    if (next) this.kept.set(server, next)
    return next !== undefined
  }

  async drop(server: string, methods?: readonly DiscoveryMethod[]): Promise<void> {
    const kept = this.kept.get(server)
    if (!kept) return
    const answers = methods ? kept.answers.filter((a) => !methods.includes(a.method)) : []
    this.kept.set(server, { ...kept, answers })
  }
}
