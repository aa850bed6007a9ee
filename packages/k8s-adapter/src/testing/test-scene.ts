// Shared by the *.cluster.test.ts files: what a test file sets up on the local control plane
// (its namespaces, the example server processes of its pods, its manager), undone in reverse
// order by one close(), even when the set-up stopped half way.
import { createTestNamespace, type ClusterAccess } from '../cluster-fixtures.ts'
import { startPodProcesses, type PodProcesses } from './pod-processes.ts'

export class TestScene {
  private readonly undos: (() => unknown)[] = []

  /** A fresh namespace for this test file, deleted last by close(). */
  async namespace(prefix: string): Promise<ClusterAccess> {
    const access = await createTestNamespace(prefix)
    this.defer(() => access.core.deleteNamespace({ name: access.namespace }))
    return access
  }

  /** A real example MCP server process, in `mode`, for each pod of `labelSelector` (port 8080). */
  async examplePods(access: ClusterAccess, labelSelector: string, mode: string) {
    return this.adopt(
      await startPodProcesses({
        kubeConfig: access.kubeConfig,
        namespace: access.namespace,
        labelSelector,
        port: 8080,
        args: ['--mode', mode],
      }),
      (harness: PodProcesses) => harness.stop()
    )
  }

  /** Keeps `resource` until close(), which ends it with `end`. */
  adopt<T>(resource: T, end: (resource: T) => unknown): T {
    this.defer(() => end(resource))
    return resource
  }

  defer(undo: () => unknown): void {
    this.undos.push(undo)
  }

  /** Runs every undo, newest first; each runs even when an earlier one failed. */
  async close(): Promise<void> {
    const failures: unknown[] = []
    for (let undo = this.undos.pop(); undo; undo = this.undos.pop()) {
      try {
        await undo()
      } catch (error) {
        failures.push(error)
      }
    }
    if (failures.length > 0) throw failures[0]
  }
}
