import type { LifecycleBackend, MutationOptions } from '../backend.ts'
import type { Progress } from '../wait-for-replicas.ts'

/** What every operation runs with: the backend, and the caller's hooks. */
export interface OperationContext extends MutationOptions {
  backend: LifecycleBackend
  onProgress?: (progress: Progress) => void
  signal?: AbortSignal
}
