import { describe, expect, it } from 'vitest'
import { inNetworks, parseNetwork } from './pod-networks.ts'

describe('inNetworks', () => {
  const loopback = [parseNetwork('127.0.0.0/8')]

  it.each([
    ['127.1.0.1', true],
    ['127.255.255.255', true],
    ['10.244.0.9', false],
    ['128.0.0.1', false],
    ['::1', false],
    ['', false],
  ])('%s in 127.0.0.0/8: %s', (ip, inside) => expect(inNetworks(ip, loopback)).toBe(inside))

  it('takes several networks and a /0', () => {
    expect(inNetworks('10.244.3.4', [...loopback, parseNetwork('10.244.0.0/16')])).toBe(true)
    expect(inNetworks('8.8.8.8', [parseNetwork('0.0.0.0/0')])).toBe(true)
  })

  it.each(['10.0.0.0', '10.0.0.0/33', 'fd00::/8', 'x/8'])('refuses %s', (cidr) => {
    expect(() => parseNetwork(cidr)).toThrow(/CIDR/)
  })
})
