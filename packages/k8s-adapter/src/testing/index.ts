// The adapter's inner pieces that are not its public API but that the benchmarks measure on their
// own (bench/: raw LISTs, watch decoding, snapshot conversion): named here so that nothing outside
// the package reaches into its src/.
export { apiCredentials } from '../api-credentials.ts'
export { createApiClients } from '../api-clients.ts'
export { httpsFetch } from '../https-fetch.ts'
export { KWOK_POD_SPEC } from './kwok-pod.ts'
export { readWatchEvents } from '../watch-events.ts'
export { toDeploymentSnapshot, toServiceSnapshot } from '../to-snapshot.ts'
