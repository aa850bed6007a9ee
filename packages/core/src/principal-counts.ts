/**
 * How many of something (held requests, open streams) each principal holds. A principal's count
 * is forgotten when it drops to zero, so the table is no larger than what is held.
 */
export class PrincipalCounts {
  private readonly counts = new Map<string, number>()

  of(principalId: string): number {
    return this.counts.get(principalId) ?? 0
  }

  /** Principals holding something now. */
  get size(): number {
    return this.counts.size
  }

  /**
   * Counts one more for `principalId`. The returned release counts it back the first time it is
   * called (and answers true); later calls change nothing (and answer false).
   */
  add(principalId: string): () => boolean {
    this.counts.set(principalId, this.of(principalId) + 1)
    let released = false
    return () => {
      if (released) return false
      released = true
      const left = this.of(principalId) - 1
      if (left === 0) this.counts.delete(principalId)
      else this.counts.set(principalId, left)
      return true
    }
  }
}
