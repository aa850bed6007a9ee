import type { DeploymentSnapshot, ServicePortSnapshot, ServiceSnapshot } from './snapshot.ts'

/**
 * A Service belongs to a server when its selector is non-empty and matches the Deployment's
 * pod template labels, or, for Services without a selector (ExternalName, hand-made
 * endpoints), when it names the server in this annotation.
 */
export const SERVER_ANNOTATION = 'mcp-lifecycle/server'

export function selectsServer(
  service: Pick<ServiceSnapshot, 'selector' | 'annotations'>,
  deployment: DeploymentSnapshot
): boolean {
  const selector = Object.entries(service.selector)
  if (selector.length === 0) return service.annotations[SERVER_ANNOTATION] === deployment.name
  return selector.every(
    ([key, value]) =>
      Object.hasOwn(deployment.podLabels, key) && deployment.podLabels[key] === value
  )
}

export interface EndpointOptions {
  /** Hosts that reach the cluster's nodes, for NodePort URLs; none configured, no NodePort URL. */
  nodeHosts?: readonly string[]
  /** DNS suffix for headless Services. */
  clusterDomain?: string
}

/**
 * URLs that reach a Service, one per address and port:
 * - ClusterIP (also part of NodePort and LoadBalancer): http://<cluster-ip>:<port> for each IP family
 * - headless (clusterIP None): the Service's DNS name, which resolves to the pods
 * - NodePort and LoadBalancer: http://<node-host>:<nodePort> for each configured node host
 * - LoadBalancer: http://<ingress ip or hostname>:<port>
 * - ExternalName: http://<externalName>:<port>, or without a port when none is declared
 * The scheme is https when the port says so (see isHttps). IPv6 literals are bracketed (RFC 3986).
 */
export function parseEndpoints(service: ServiceSnapshot, options: EndpointOptions = {}): string[] {
  const urls: string[] = []
  const ports = service.ports
  if (service.type === 'ExternalName') {
    if (!service.externalName) return []
    if (ports.length === 0) return [`http://${service.externalName}`]
    return ports.map((p) => url(p, service.externalName!, p.port))
  }
  for (const ip of service.clusterIPs) {
    if (ip === 'None') {
      const host = `${service.name}.${service.namespace}.svc.${options.clusterDomain ?? 'cluster.local'}`
      for (const p of ports) urls.push(url(p, host, p.port))
    } else if (ip !== '') {
      for (const p of ports) urls.push(url(p, ip, p.port))
    }
  }
  if (service.type === 'NodePort' || service.type === 'LoadBalancer') {
    for (const host of options.nodeHosts ?? []) {
      for (const p of ports) if (p.nodePort) urls.push(url(p, host, p.nodePort))
    }
  }
  if (service.type === 'LoadBalancer') {
    for (const ingress of service.loadBalancerIngress) {
      const host = ingress.ip ?? ingress.hostname
      if (host) for (const p of ports) urls.push(url(p, host, p.port))
    }
  }
  return [...new Set(urls)]
}

/** Endpoints of every Service that belongs to the server, in Service order. */
export function serverEndpoints(
  deployment: DeploymentSnapshot,
  services: readonly ServiceSnapshot[],
  options: EndpointOptions = {}
): string[] {
  const urls = matchingServices(deployment, services).flatMap((s) => parseEndpoints(s, options))
  return [...new Set(urls)]
}

interface ServiceIndex {
  /** Services by one of their selector's `key=value` pairs, with their position in the list. */
  bySelectorPair: Map<string, [number, ServiceSnapshot][]>
  /** Selector-less Services by the server they name in their annotation. */
  byAnnotation: Map<string, [number, ServiceSnapshot][]>
}

// A list of N servers shares one Service list of M entries: index it once, so matching costs
// about N + M instead of N x M.
const indexes = new WeakMap<readonly ServiceSnapshot[], ServiceIndex>()

function indexOf(services: readonly ServiceSnapshot[]): ServiceIndex {
  let index = indexes.get(services)
  if (index) return index
  index = { bySelectorPair: new Map(), byAnnotation: new Map() }
  services.forEach((service, position) => {
    const first = Object.entries(service.selector)[0]
    const [map, key] = first
      ? [index!.bySelectorPair, `${first[0]}=${first[1]}`]
      : [index!.byAnnotation, service.annotations[SERVER_ANNOTATION] ?? '']
    map.set(key, [...(map.get(key) ?? []), [position, service]])
  })
  indexes.set(services, index)
  return index
}

/** The Services that belong to a server (see selectsServer), in their list order. */
export function matchingServices(
  deployment: DeploymentSnapshot,
  services: readonly ServiceSnapshot[]
): ServiceSnapshot[] {
  const index = indexOf(services)
  const candidates = [...(index.byAnnotation.get(deployment.name) ?? [])]
  for (const [key, value] of Object.entries(deployment.podLabels)) {
    candidates.push(...(index.bySelectorPair.get(`${key}=${value}`) ?? []))
  }
  return candidates
    .sort((a, b) => a[0] - b[0])
    .map(([, service]) => service)
    .filter((service) => selectsServer(service, deployment))
}

/** https when the port is named https (or https-*), declares appProtocol https, or is 443. */
export function isHttps(port: ServicePortSnapshot): boolean {
  const name = port.name?.toLowerCase() ?? ''
  const appProtocol = port.appProtocol?.toLowerCase() ?? ''
  return (
    name === 'https' || name.startsWith('https-') || appProtocol === 'https' || port.port === 443
  )
}

function url(port: ServicePortSnapshot, host: string, portNumber: number): string {
  const scheme = isHttps(port) ? 'https' : 'http'
  const bracketed = host.includes(':') ? `[${host}]` : host
  return `${scheme}://${bracketed}:${portNumber}`
}
