import type { ActivityRecorder } from '../activity-recorder.ts'
import { LAST_ACTIVITY_ANNOTATION } from '../views.ts'
import type { MemoryBackend } from './memory-backend.ts'

/**
 * An ActivityRecorder over a MemoryBackend: it writes the annotation the Kubernetes one writes
 * (to the second, as Kubernetes writes its times), so `last_activity` reads it back. Held to
 * runActivityRecorderContract.
 */
export class MemoryActivityRecorder implements ActivityRecorder {
  private readonly backend: MemoryBackend

  constructor(backend: MemoryBackend) {
    this.backend = backend
  }

  async recordActivity(name: string, at: Date, signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted()
    const time = at.toISOString().replace(/\.\d+Z$/, 'Z')
    this.backend.annotate(name, LAST_ACTIVITY_ANNOTATION, time)
  }
}
