import { Agent as HttpAgent } from 'node:http'
import { Agent as HttpsAgent, type RequestOptions } from 'node:https'
import type { KubeConfig } from '@kubernetes/client-node'

/** What every request to the API server carries, from the kubeconfig. */
export interface ApiCredentials {
  /** Authorization (token, exec plugin, basic) and impersonation headers: fresh per call. */
  headers: Record<string, string>
  /** The TLS settings (CA, client certificate, server name) and the kept connections. */
  agent: HttpAgent
}

/** How long a connection stays kept-alive at the TCP level, as client-go and client-node do. */
const KEEP_ALIVE_MS = 30_000

/**
 * The credentials of each call, through client-node's `applyToHTTPSOptions` (what it uses for
 * its own node:https connections). Its agent keeps no connection alive, so every call would pay
 * a TLS handshake; one keep-alive agent with the same TLS settings is kept for the life of the
 * adapter instead (they are fixed by the kubeconfig; tokens travel in headers). A cluster reached
 * through a proxy keeps client-node's proxy agent.
 */
export function apiCredentials(kubeConfig: KubeConfig): () => Promise<ApiCredentials> {
  let kept: HttpAgent | undefined
  return async () => {
    const options: RequestOptions = {}
    await kubeConfig.applyToHTTPSOptions(options)
    const headers: Record<string, string> = {}
    for (const [name, value] of Object.entries(options.headers ?? {}))
      if (value !== undefined) headers[name] = String(value)
    if (options.auth)
      headers.Authorization = `Basic ${Buffer.from(options.auth).toString('base64')}`
    kept ??= keptAgent(kubeConfig, options)
    return { headers, agent: kept }
  }
}

function keptAgent(kubeConfig: KubeConfig, options: RequestOptions): HttpAgent {
  const cluster = kubeConfig.getCurrentCluster()
  if (cluster?.proxyUrl) return options.agent as HttpAgent
  const { ca, cert, key, pfx, passphrase, rejectUnauthorized, servername } = options
  const tls = { ca, cert, key, pfx, passphrase, rejectUnauthorized, servername }
  const defined = Object.fromEntries(Object.entries(tls).filter(([, value]) => value !== undefined))
  const settings = { keepAlive: true, keepAliveMsecs: KEEP_ALIVE_MS, ...defined }
  // client-node allows plain HTTP only with skipTLSVerify (applyToHTTPSOptions threw otherwise).
  return cluster?.server.startsWith('http:') ? new HttpAgent(settings) : new HttpsAgent(settings)
}
