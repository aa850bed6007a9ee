import { describe, expect, it } from 'vitest'
import { mcpPath, queueBounds, readyCheck } from './activator-annotations.ts'
import { mcpPort } from './mcp-port.ts'
import { pickPod } from './pick-pod.ts'
import type { PodSnapshot } from './pod-snapshot.ts'

describe('queueBounds', () => {
  it.each([
    [{}, { size: 1000, timeoutMs: 60_000 }],
    [{ 'mcp-lifecycle/queue-size': '5' }, { size: 5, timeoutMs: 60_000 }],
    [{ 'mcp-lifecycle/queue-timeout-seconds': '3' }, { size: 1000, timeoutMs: 3000 }],
    [
      { 'mcp-lifecycle/queue-size': 'many', 'mcp-lifecycle/queue-timeout-seconds': '0' },
      { size: 1000, timeoutMs: 60_000 },
    ],
    [
      { 'mcp-lifecycle/queue-size': '100000', 'mcp-lifecycle/queue-timeout-seconds': '3600' },
      { size: 1000, timeoutMs: 60_000 },
    ],
  ])('reads %j', (annotations, bounds) => {
    expect(queueBounds(annotations)).toEqual(bounds)
  })
})

describe('mcpPath', () => {
  it.each([
    [{}, '/mcp'],
    [{ 'mcp-lifecycle/mcp-path': '/v1/mcp' }, '/v1/mcp'],
    [{ 'mcp-lifecycle/mcp-path': 'no-slash' }, '/mcp'],
    [{ 'mcp-lifecycle/mcp-path': '/x?y=1' }, '/mcp'],
    [{ 'mcp-lifecycle/mcp-path': '/x#frag' }, '/mcp'],
  ])('reads %j', (annotations, path) => expect(mcpPath(annotations)).toBe(path))
})

describe('readyCheck', () => {
  it.each([
    [{}, 'pod'],
    [{ 'mcp-lifecycle/ready-check': 'mcp' }, 'mcp'],
    [{ 'mcp-lifecycle/ready-check': ' MCP ' }, 'mcp'],
    [{ 'mcp-lifecycle/ready-check': 'pod' }, 'pod'],
    [{ 'mcp-lifecycle/ready-check': 'http' }, 'pod'],
    [{ 'mcp-lifecycle/ready-check': '' }, 'pod'],
  ])('reads %j', (annotations, check) => expect(readyCheck(annotations)).toBe(check))
})

describe('mcpPort', () => {
  const ports = [
    { name: 'metrics', containerPort: 9090 },
    { name: 'mcp', containerPort: 8080 },
  ]
  it.each([
    ['the port named mcp or http', ports, {}, 8080],
    [
      'the first port without such a name',
      [{ containerPort: 3000 }, { containerPort: 4000 }],
      {},
      3000,
    ],
    ['the annotation as a number', ports, { 'mcp-lifecycle/mcp-port': '9090' }, 9090],
    ['no undeclared port by number', ports, { 'mcp-lifecycle/mcp-port': '2379' }, undefined],
    ['no undeclared port by name', ports, { 'mcp-lifecycle/mcp-port': 'etcd' }, undefined],
    ['the annotation as a port name', ports, { 'mcp-lifecycle/mcp-port': 'metrics' }, 9090],
    ['nothing without ports', [], {}, undefined],
  ])('takes %s', (_, podPorts, annotations, port) => {
    expect(mcpPort({ ports: podPorts }, annotations)).toBe(port)
  })
})

describe('pickPod', () => {
  const pod = (name: string, over: Partial<PodSnapshot> = {}): PodSnapshot => ({
    name,
    uid: name,
    ip: '127.1.0.1',
    ready: true,
    terminating: false,
    ports: [],
    waiting: [],
    conditions: [],
    ...over,
  })

  it('takes the serving pod with the fewest requests in flight', () => {
    const load: Record<string, number> = { a: 2, b: 1, c: 0 }
    const pods = [pod('a'), pod('b'), pod('c', { ready: false })]
    expect(pickPod(pods, (p) => load[p.name]!)?.name).toBe('b')
  })

  it('skips pods without an IP or going away', () => {
    const pods = [pod('a', { ip: undefined }), pod('b', { terminating: true })]
    expect(pickPod(pods, () => 0)).toBeUndefined()
  })
})
