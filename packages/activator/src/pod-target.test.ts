import type { DeploymentSnapshot, PodSnapshot } from '@mcp-lifecycle/core'
import { describe, expect, it } from 'vitest'
import { parseNetwork } from './pod-networks.ts'
import { targetOf } from './pod-target.ts'
import { readyPod } from './testing/ready-pod.ts'

const deployment = (annotations: Record<string, string> = {}) =>
  ({ name: 'weather', annotations }) as DeploymentSnapshot

function reach() {
  const refusals: string[] = []
  const networks = [parseNetwork('127.0.0.0/8')]
  return {
    refusals,
    reach: {
      networks,
      networksSetting: 'MCPL_POD_NETWORKS',
      onRefusal: (_: string, d: string) => refusals.push(d),
    },
  }
}

describe('targetOf', () => {
  it('aims at the pod IP, its declared port and the MCP path, keeping the query', () => {
    const { reach: r, refusals } = reach()
    const target = targetOf(
      r,
      'weather',
      readyPod('weather-a', 8080),
      deployment(),
      'http://m/x?a=1'
    )
    expect(target).toEqual({ origin: 'http://127.0.0.1:8080', path: '/mcp?a=1' })
    expect(refusals).toEqual([])
  })

  it.each<[string, Partial<PodSnapshot>, Record<string, string>, RegExp]>([
    ['a hostNetwork pod', { hostNetwork: true }, {}, /uses the host's network/],
    ['a pod outside the pod networks', { ip: '10.244.0.9' }, {}, /outside the pod networks/],
    ['an undeclared port', {}, { 'mcp-lifecycle/mcp-port': '9999' }, /declares no container port/],
  ])('refuses %s with 503, logging why', (_, over, annotations, detail) => {
    const { reach: r, refusals } = reach()
    const pod = readyPod('weather-a', 8080, over)
    expect(() => targetOf(r, 'weather', pod, deployment(annotations), 'http://m/')).toThrow(
      expect.objectContaining({ status: 503, message: expect.stringMatching(detail) })
    )
    expect(refusals).toHaveLength(1)
  })
})
