import { isIPv4 } from 'node:net'

/** An IPv4 network in CIDR form, e.g. 127.0.0.0/8. */
export interface Network {
  base: number
  mask: number
  cidr: string
}

/** Parses `a.b.c.d/n`; throws naming the value when it is not one. */
export function parseNetwork(cidr: string): Network {
  const [address, bits] = cidr.trim().split('/')
  const prefix = Number(bits)
  if (!address || !isIPv4(address) || !/^\d+$/.test(bits ?? '') || prefix > 32) {
    throw new Error(`not an IPv4 network in CIDR form: '${cidr}'`)
  }
  const mask = prefix === 0 ? 0 : (~0 << (32 - prefix)) >>> 0
  return { base: (toNumber(address) & mask) >>> 0, mask, cidr: cidr.trim() }
}

/**
 * True when `ip` lies in one of the networks. Only IPv4 pod addresses are served for now; any
 * other address is outside every network.
 */
export function inNetworks(ip: string, networks: readonly Network[]): boolean {
  if (!isIPv4(ip)) return false
  const value = toNumber(ip)
  return networks.some((n) => (value & n.mask) >>> 0 === n.base)
}

function toNumber(ip: string): number {
  return ip.split('.').reduce((sum, part) => sum * 256 + Number(part), 0)
}

const LOOPBACK = parseNetwork('127.0.0.0/8')
const LINK_LOCAL = parseNetwork('169.254.0.0/16')

function overlaps(a: Network, b: Network): boolean {
  return (a.base & b.mask) >>> 0 === b.base || (b.base & a.mask) >>> 0 === a.base
}

/**
 * Why a network may not be a pod network, or undefined when it may: a /0 reaches every
 * address; link-local holds the cloud metadata service (169.254.169.254); loopback is the
 * manager's own host, allowed only for the local control plane (outside a pod), where kwok
 * gives pods loopback addresses.
 */
export function unsafePodNetwork(network: Network, inPod: boolean): string | undefined {
  if (network.mask === 0) return `${network.cidr} is every address`
  if (overlaps(network, LINK_LOCAL)) return `${network.cidr} overlaps link-local 169.254.0.0/16`
  if (inPod && overlaps(network, LOOPBACK)) {
    return `${network.cidr} overlaps loopback 127.0.0.0/8 (only for the local control plane)`
  }
  return undefined
}
