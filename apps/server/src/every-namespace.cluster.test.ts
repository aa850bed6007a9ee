import {
  createDeployment,
  createTestNamespace,
  replicasOf,
} from '@mcp-lifecycle/k8s-adapter/cluster-fixtures'
import type { ClusterAccess } from '@mcp-lifecycle/k8s-adapter/cluster-fixtures'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startManagerProcess, writeTokensFile } from './manager-process-fixture.ts'
import type { ManagerProcess } from './manager-process-fixture.ts'

// Issue 31: MCPL_NAMESPACES=*, the real manager process over the local control plane: one
// cluster-scoped list-watch per kind finds the namespaces holding MCP servers (one created
// after the start too), and tenants still see only their own.
const TOKENS = { admin: 'admin-token-0123456789abcdef', a: 'tenant-a-token-0123456789abcdef' }
let home: ClusterAccess
let teamA: ClusterAccess
let teamB: ClusterAccess
let late: ClusterAccess | undefined
let manager: ManagerProcess | undefined

beforeAll(async () => {
  ;[home, teamA, teamB] = await Promise.all([
    createTestNamespace('every-home'),
    createTestNamespace('every-a'),
    createTestNamespace('every-b'),
  ])
  await Promise.all([
    createDeployment(home, { name: 'srv', replicas: 0 }),
    createDeployment(teamA, { name: 'github', replicas: 0 }),
    createDeployment(teamB, { name: 'github', replicas: 0 }),
  ])
  manager = await startManagerProcess({
    MCPL_NAMESPACE: home.namespace,
    MCPL_NAMESPACES: '*',
    MCPL_TOKENS_FILE: writeTokensFile([
      { id: 'admin', scope: 'write', token: TOKENS.admin },
      { id: 'a', scope: 'write', servers: `${teamA.namespace}/*`, token: TOKENS.a },
    ]),
  })
}, 120_000)

afterAll(async () => {
  manager?.kill()
  await Promise.all(
    [home, teamA, teamB, late].map((access) =>
      access?.core.deleteNamespace({ name: access.namespace })
    )
  )
})

function send(token: string, path: string, body?: unknown) {
  return fetch(`${manager!.base}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    ...(body !== undefined && { body: JSON.stringify(body) }),
    signal: AbortSignal.timeout(20_000),
  })
}

/** Every server the token sees, as namespace/name. */
async function everyServer(token: string): Promise<string[]> {
  const res = await send(token, '/servers?all_namespaces=true')
  const { servers } = (await res.json()) as { servers: { namespace: string; name: string }[] }
  return servers.map((s) => `${s.namespace}/${s.name}`)
}

describe('MCPL_NAMESPACES=*', () => {
  it('finds the servers of every namespace, and acts in any of them', async () => {
    const expected = [
      `${home.namespace}/srv`,
      `${teamA.namespace}/github`,
      `${teamB.namespace}/github`,
    ]
    await expect
      .poll(() => everyServer(TOKENS.admin), { timeout: 30_000 })
      .toEqual(expect.arrayContaining(expected))
    const scaled = await send(TOKENS.admin, `/namespaces/${teamB.namespace}/servers/github/scale`, {
      replicas: 1,
    })
    expect(scaled.status).toBe(200)
    expect(await replicasOf(teamB, 'github')).toBe(1)
    expect(await replicasOf(teamA, 'github')).toBe(0)
  })

  it('manages a namespace once servers are seen in it, even one created after the start', async () => {
    const res = await send(TOKENS.admin, '/namespaces/kube-system/servers')
    expect(res.status).toBe(404)
    expect(await res.json()).toMatchObject({ title: 'Namespace not managed' })
    late = await createTestNamespace('every-late')
    await createDeployment(late, { name: 'newcomer', replicas: 0 })
    await expect
      .poll(
        async () => (await send(TOKENS.admin, `/namespaces/${late!.namespace}/servers`)).status,
        {
          timeout: 30_000,
        }
      )
      .toBe(200)
    const started = await send(
      TOKENS.admin,
      `/namespaces/${late.namespace}/servers/newcomer/start`,
      { wait_ready: false }
    )
    expect(started.status).toBe(200)
    expect(await replicasOf(late, 'newcomer')).toBe(1)
  })

  it("shows a tenant its own namespace alone; another's is a 404", async () => {
    expect(await everyServer(TOKENS.a)).toEqual([`${teamA.namespace}/github`])
    const own = await send(TOKENS.a, `/namespaces/${teamA.namespace}/servers`)
    expect(own.status).toBe(200)
    for (const path of [
      `/namespaces/${teamB.namespace}/servers`,
      `/namespaces/${teamB.namespace}/servers/github`,
      '/servers',
    ]) {
      const res = await send(TOKENS.a, path)
      expect(res.status, path).toBe(404)
      expect(await res.json(), path).toMatchObject({ title: 'Namespace not managed' })
    }
    const stop = await send(TOKENS.a, `/namespaces/${teamB.namespace}/servers/github/stop`, {})
    expect(stop.status).toBe(404)
    expect(await replicasOf(teamB, 'github')).toBe(1)
  })
})
