import { LAST_ACTIVITY_ANNOTATION } from '../views.ts'
import { runActivityRecorderContract } from './activity-recorder-contract.ts'
import { MemoryActivityRecorder } from './memory-activity-recorder.ts'
import { MemoryBackend } from './memory-backend.ts'

// Each recorder over the one backend, as each replica records into the one cluster.
const backend = new MemoryBackend()
runActivityRecorderContract('memory', {
  recorder: () => new MemoryActivityRecorder(backend),
  cluster: () => ({
    createServer: async (seed) => backend.add(seed),
    lastActivity: async (name) => backend.peek(name)?.annotations[LAST_ACTIVITY_ANNOTATION],
    specVersion: async (name) => {
      const deployment = backend.peek(name)
      return JSON.stringify([deployment?.desiredReplicas, deployment?.podLabels])
    },
  }),
  prefix: 'mem',
})
