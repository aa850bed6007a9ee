import type { DiscoveryMethod, KeptDiscovery, KeptAnswer } from './discovery-answer.ts'

/**
 * Where each server's discovery answers are kept (a port of its own): shared by every manager
 * replica and kept across restarts, bounded per server (DiscoveryBounds), and gone with the
 * server. Keyed by the server's name through `discoveryRecordName` on Kubernetes.
 */
export interface DiscoveryStore {
  /** What is kept for the server, under whatever template it was taken. */
  read(server: string): Promise<KeptDiscovery | undefined>
  /**
   * Keeps `answer` under `template` (answers of another template go); false when it is over
   * the bounds and was not kept.
   */
  keep(server: string, template: string, answer: KeptAnswer): Promise<boolean>
  /** Forgets the answers of these methods (all of them when absent). */
  drop(server: string, methods?: readonly DiscoveryMethod[]): Promise<void>
}
