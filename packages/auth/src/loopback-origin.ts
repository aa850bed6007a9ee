/** The names this machine answers to on the loopback interface, as they appear in URLs. */
const LOOPBACK_HOSTNAMES = new Set(['localhost', '127.0.0.1', '[::1]'])

/** True for a URL hostname (brackets kept for IPv6) that names the loopback interface. */
export function isLoopbackHostname(hostname: string): boolean {
  return LOOPBACK_HOSTNAMES.has(hostname.toLowerCase())
}

/** True for an `http(s)://<loopback name>[:port]` origin, on `port` when one is given. */
export function isLoopbackOrigin(origin: string, port?: number): boolean {
  if (!URL.canParse(origin)) return false
  const url = new URL(origin)
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return false
  if (url.pathname !== '/' || url.search || url.username || url.password) return false
  return isLoopbackHostname(url.hostname) && (port === undefined || portOf(url) === port)
}

function portOf(url: URL): number {
  return url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80
}
