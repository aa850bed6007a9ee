/**
 * One holder among several processes (the manager's replicas), so that only one reaps. On
 * Kubernetes: a coordination.k8s.io Lease, changed only with resourceVersion guards.
 */
export interface LeaderLease {
  /**
   * Takes the lease when it is free or its holder stopped renewing it, renews it when held;
   * true while this process holds it. A conflict (another process was faster) is false.
   */
  acquireOrRenew(signal?: AbortSignal): Promise<boolean>
  /** Gives the lease up (on shutdown), so another process takes over without waiting. */
  release(): Promise<void>
}
