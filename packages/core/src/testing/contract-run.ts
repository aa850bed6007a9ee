/** What every port's contract suite is run with, besides the port itself. */
export interface ContractRun<Cluster> {
  /** The back door: changes and reads the storage without the implementation under test. */
  cluster: () => Cluster
  /** Keeps the objects of concurrent runs apart. */
  prefix: string
  /** How long a change may take to show. */
  waitSeconds: number
}
