import type { ServiceSnapshot } from '../snapshot.ts'

/** For the tests: a ClusterIP Service of server `name` (weather by default), with `overrides`. */
export function seededService(
  overrides: Partial<ServiceSnapshot> & { name?: string } = {}
): ServiceSnapshot {
  const name = overrides.name ?? 'weather'
  return {
    name,
    namespace: 'mcp',
    type: 'ClusterIP',
    selector: { app: name },
    annotations: {},
    clusterIPs: ['10.96.0.1'],
    ports: [{ port: 80 }],
    loadBalancerIngress: [],
    ...overrides,
  }
}
