import { createNamespace, deleteNamespace, type Cluster } from './lib.ts'
import { spawnTagged, type Proc } from './processes.ts'
import { MANAGER_BUNDLE, managerEnv } from './shipped.ts'

/**
 * Runs `measure` against the manager as its image runs it (the bundle and its NODE_OPTIONS), on
 * a fresh namespace `<prefix>-…` that `setUp` fills first (and waits for). The manager tags its
 * API requests `mcpl-<prefix>`. Stops the manager and deletes the namespace afterwards, however
 * the run ended.
 */
export async function withShippedManager<T>(
  c: Cluster,
  prefix: string,
  setUp: (namespace: string) => Promise<void>,
  measure: (manager: Proc) => Promise<T>
): Promise<T> {
  const namespace = await createNamespace(c, prefix)
  try {
    await setUp(namespace)
    const manager = await spawnTagged(MANAGER_BUNDLE, `mcpl-${prefix}`, managerEnv(namespace))
    try {
      return await measure(manager)
    } finally {
      await manager.stop()
    }
  } finally {
    await deleteNamespace(c, namespace)
  }
}
