import { describe, expect, it } from 'vitest'
import { matchingServices, parseEndpoints, selectsServer, serverEndpoints } from './endpoints.ts'
import type { DeploymentSnapshot, ServiceSnapshot } from './snapshot.ts'
import { seededService } from './testing/seeded-service.ts'

const service = (overrides: Partial<ServiceSnapshot>) =>
  seededService({ clusterIPs: ['10.96.0.12'], ports: [{ name: 'http', port: 8080 }], ...overrides })

const deployment = {
  name: 'weather',
  podLabels: { app: 'weather', tier: 'mcp' },
  annotations: {},
} as unknown as DeploymentSnapshot

describe('parseEndpoints', () => {
  it.each<[string, Partial<ServiceSnapshot>, string[]]>([
    ['ClusterIP', {}, ['http://10.96.0.12:8080']],
    [
      'several ports',
      {
        ports: [
          { name: 'http', port: 80 },
          { name: 'metrics', port: 9090 },
        ],
      },
      ['http://10.96.0.12:80', 'http://10.96.0.12:9090'],
    ],
    ['https by port name', { ports: [{ name: 'https', port: 8443 }] }, ['https://10.96.0.12:8443']],
    [
      'https by port name prefix',
      { ports: [{ name: 'https-mcp', port: 8443 }] },
      ['https://10.96.0.12:8443'],
    ],
    [
      'https by appProtocol',
      { ports: [{ name: 'web', port: 9000, appProtocol: 'https' }] },
      ['https://10.96.0.12:9000'],
    ],
    ['https on port 443', { ports: [{ port: 443 }] }, ['https://10.96.0.12:443']],
    ['IPv6 in brackets', { clusterIPs: ['fd00::12'] }, ['http://[fd00::12]:8080']],
    [
      'dual stack',
      { clusterIPs: ['10.96.0.12', 'fd00::12'] },
      ['http://10.96.0.12:8080', 'http://[fd00::12]:8080'],
    ],
    [
      'headless by DNS name',
      { clusterIPs: ['None'] },
      ['http://weather.mcp.svc.cluster.local:8080'],
    ],
    [
      'NodePort without node hosts: cluster IP only',
      { type: 'NodePort', ports: [{ port: 8080, nodePort: 30080 }] },
      ['http://10.96.0.12:8080'],
    ],
    [
      'LoadBalancer ingress IP',
      { type: 'LoadBalancer', clusterIPs: [], loadBalancerIngress: [{ ip: '203.0.113.7' }] },
      ['http://203.0.113.7:8080'],
    ],
    [
      'LoadBalancer ingress hostname',
      {
        type: 'LoadBalancer',
        clusterIPs: [],
        loadBalancerIngress: [{ hostname: 'lb.example.com' }],
      },
      ['http://lb.example.com:8080'],
    ],
    [
      'LoadBalancer IPv6 ingress',
      { type: 'LoadBalancer', clusterIPs: [], loadBalancerIngress: [{ ip: '2001:db8::7' }] },
      ['http://[2001:db8::7]:8080'],
    ],
    ['LoadBalancer still pending', { type: 'LoadBalancer' }, ['http://10.96.0.12:8080']],
    [
      'ExternalName with a port',
      {
        type: 'ExternalName',
        clusterIPs: [],
        externalName: 'mcp.example.com',
        ports: [{ name: 'https', port: 443 }],
      },
      ['https://mcp.example.com:443'],
    ],
    [
      'ExternalName without ports',
      { type: 'ExternalName', clusterIPs: [], externalName: 'mcp.example.com', ports: [] },
      ['http://mcp.example.com'],
    ],
    ['a Service without ports', { ports: [] }, []],
  ])('%s', (_case, overrides, expected) => {
    expect(parseEndpoints(service(overrides))).toEqual(expected)
  })

  it('adds node host URLs for a NodePort when node hosts are configured', () => {
    const nodePort = service({ type: 'NodePort', ports: [{ port: 8080, nodePort: 30080 }] })
    expect(parseEndpoints(nodePort, { nodeHosts: ['192.168.1.5', 'fe80::1'] })).toEqual([
      'http://10.96.0.12:8080',
      'http://192.168.1.5:30080',
      'http://[fe80::1]:30080',
    ])
  })

  it('uses the configured cluster domain for headless Services', () => {
    const headless = service({ clusterIPs: ['None'] })
    expect(parseEndpoints(headless, { clusterDomain: 'corp.internal' })).toEqual([
      'http://weather.mcp.svc.corp.internal:8080',
    ])
  })
})

describe('selectsServer', () => {
  it('matches when every selector label is on the pod template', () => {
    expect(selectsServer(service({ selector: { app: 'weather' } }), deployment)).toBe(true)
  })
  it('does not match when one selector label differs', () => {
    expect(selectsServer(service({ selector: { app: 'weather', tier: 'web' } }), deployment)).toBe(
      false
    )
  })
  it('matches a selector-less Service only by the server annotation', () => {
    const bare = service({ selector: {}, type: 'ExternalName', externalName: 'x.example.com' })
    expect(selectsServer(bare, deployment)).toBe(false)
    expect(
      selectsServer({ ...bare, annotations: { 'mcp-lifecycle/server': 'weather' } }, deployment)
    ).toBe(true)
  })
})

describe('serverEndpoints', () => {
  it('joins the endpoints of the matching Services only, without duplicates', () => {
    const services = [
      service({}),
      service({ name: 'other', selector: { app: 'other' }, clusterIPs: ['10.96.0.99'] }),
      service({ name: 'again' }),
    ]
    expect(serverEndpoints(deployment, services)).toEqual(['http://10.96.0.12:8080'])
  })
})

describe('matchingServices', () => {
  it('finds the same Services as checking every one, in list order, at any size', () => {
    const services = Array.from({ length: 300 }, (_, i) =>
      service({
        name: `s${i}`,
        selector:
          i % 3 === 0
            ? { app: `a${i % 50}` }
            : i % 3 === 1
              ? { app: `a${i % 50}`, tier: 'mcp' }
              : {},
        annotations: i % 3 === 2 ? { 'mcp-lifecycle/server': `a${i % 50}` } : {},
      })
    )
    for (let n = 0; n < 50; n++) {
      const d = { ...deployment, name: `a${n}`, podLabels: { app: `a${n}`, tier: 'mcp' } }
      expect(matchingServices(d, services)).toEqual(services.filter((s) => selectsServer(s, d)))
    }
  })
})
