import { createSecureContext } from 'node:tls'

/**
 * Node builds its store of trusted root certificates (the ~145 it bundles) the first time a TLS
 * context is made, whatever CA that context names, which a function's first call to the API
 * server paid inside its first answer (issue 18). Called once the port is open, it builds the
 * store in the idle time before the first request is read; a request already waiting is read
 * first (setImmediate runs after the poll phase).
 */
export function prewarmTls(): void {
  setImmediate(() => createSecureContext())
}
