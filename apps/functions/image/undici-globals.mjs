// Injected into every function bundle (bundle-plugins.mjs, oneUndici): the bundled undici's
// classes for the globals Node would otherwise load its own undici for.
export { Headers, Request as __undiciRequest, Response as __undiciResponse } from 'undici'
