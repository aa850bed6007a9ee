import { describe, expect, it } from 'vitest'
import { listedNamespaces } from '../managed-namespaces.ts'
import { MemoryBackend } from '../testing/memory-backend.ts'
import { listServers } from './list.ts'
import { createOperationContext } from './operation-context.ts'
import { scaleServer } from './scale.ts'
import { getServerStatus } from './status.ts'

function twoNamespaces() {
  const mcp = new MemoryBackend([{ name: 'weather', replicas: 1 }])
  const teamA = new MemoryBackend([{ name: 'github', replicas: 0 }])
  const teamB = new MemoryBackend([{ name: 'github', replicas: 0 }])
  const namespaces = listedNamespaces('mcp', [
    { namespace: 'mcp', backend: mcp },
    { namespace: 'team-a', backend: teamA },
    { namespace: 'team-b', backend: teamB },
  ])
  return { services: { backend: mcp, namespaces }, mcp, teamA, teamB }
}

const tenantA = { id: 'a', scope: 'write' as const, servers: 'team-a/*' }

describe('operations over managed namespaces', () => {
  it('act on the backend of the namespace the call names, the default one otherwise', async () => {
    const { services, teamA, teamB } = twoNamespaces()
    const inDefault = await listServers(createOperationContext(services))
    expect(inDefault.servers.map((s) => s.name)).toEqual(['weather'])
    await scaleServer(createOperationContext(services, { namespace: 'team-b' }), 'github', {
      replicas: 2,
      wait_ready: false,
      timeout: 30,
    })
    expect((await teamB.getServer('github')).deployment.desiredReplicas).toBe(2)
    expect(teamA.calls.list + teamA.calls.get + teamA.calls.scale).toBe(0)
  })

  it('answer 404 with a title that says so for a namespace that is not managed', () => {
    const { services } = twoNamespaces()
    expect(() => createOperationContext(services, { namespace: 'kube-system' })).toThrow(
      expect.objectContaining({ status: 404, title: 'Namespace not managed' })
    )
  })

  it("show a tenant its namespace only: another's server is 404, never 403, and nothing changes", async () => {
    const { services, teamB } = twoNamespaces()
    const mine = createOperationContext(services, { principal: tenantA, namespace: 'team-a' })
    expect((await listServers(mine)).servers.map((s) => s.name)).toEqual(['github'])
    for (const namespace of ['team-b', undefined]) {
      const theirs = createOperationContext(services, { principal: tenantA, namespace })
      await expect(listServers(theirs)).rejects.toMatchObject({ status: 404 })
      await expect(getServerStatus(theirs, 'github')).rejects.toMatchObject({ status: 404 })
      await expect(
        scaleServer(theirs, 'github', { replicas: 3, wait_ready: false, timeout: 30 })
      ).rejects.toMatchObject({ status: 404, title: 'Namespace not managed' })
    }
    expect(teamB.calls.scale + teamB.calls.get + teamB.calls.list).toBe(0)
  })

  it('name the namespace in the audit record', async () => {
    const { services } = twoNamespaces()
    const records: unknown[] = []
    await scaleServer(
      createOperationContext(
        { ...services, audit: (record) => void records.push(record) },
        { namespace: 'team-a' }
      ),
      'github',
      { replicas: 1, wait_ready: false, timeout: 30 }
    )
    expect(records).toEqual([expect.objectContaining({ namespace: 'team-a', server: 'github' })])
  })
})

describe('operations without managed namespaces', () => {
  it('refuse a call that names a namespace rather than act on the one backend', () => {
    const backend = new MemoryBackend([{ name: 'weather' }])
    expect(() => createOperationContext({ backend }, { namespace: 'team-b' })).toThrow(
      expect.objectContaining({ status: 404 })
    )
  })
})
