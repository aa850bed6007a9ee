import type { FetchFn } from './fetch-fn.ts'

/**
 * client-node builds a new undici Agent, hence a new TLS connection, for every request
 * (bench/README.md measured 2x on GET /servers from this). The Agent only carries the
 * kubeconfig's TLS settings, fixed for the life of a backend (credentials travel in headers and
 * stay fresh), so the first one is kept and every request shares its connection pool.
 */
export function reuseDispatcher(fetchFn: FetchFn): FetchFn {
  let shared: unknown
  return (input, init) => {
    if (!init?.dispatcher) return fetchFn(input, init)
    shared ??= init.dispatcher
    return fetchFn(input, { ...init, dispatcher: shared })
  }
}
