// What `mcpl start NAME -o json` prints, checked alike against the manager (main.test.ts) and
// straight against the cluster (main.cluster.test.ts): both tiers hold the bin to one contract.

/** The status object printed once NAME runs its one replica, ready. */
export const startedOutput = (name: string) => ({
  name,
  status: 'running',
  replicas: 1,
  ready_replicas: 1,
})

/** The 504 problem printed when the wait ends first, carrying the last status seen of NAME. */
export const timedOutStartOutput = (name: string) => ({
  status: 504,
  server: { name, status: 'pending', replicas: 1 },
})
