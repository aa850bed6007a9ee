import {
  createDeployment,
  createTestNamespace,
  replicasOf,
} from '@mcp-lifecycle/k8s-adapter/cluster-fixtures'
import type { ClusterAccess } from '@mcp-lifecycle/k8s-adapter/cluster-fixtures'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readChangeEvents } from './change-events-fixture.ts'
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
let later: ClusterAccess | undefined
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
    [home, teamA, teamB, late, later].map((access) =>
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

/** The `event: data` lines a change stream sends, as they come, until `stop` aborts. */
async function openStream(token: string, stop: AbortSignal): Promise<string[]> {
  const res = await fetch(`${manager!.base}/servers?watch=true&all_namespaces=true`, {
    headers: { authorization: `Bearer ${token}` },
    signal: stop,
  })
  expect(res.status).toBe(200)
  const { seen, reading } = readChangeEvents(res.body!)
  reading.catch(() => {}) // ended by `stop`
  return seen
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

  it('shows an open stream of every namespace a namespace that comes to hold servers, if given it', async () => {
    const stop = new AbortController()
    try {
      const admin = await openStream(TOKENS.admin, stop.signal)
      const tenant = await openStream(TOKENS.a, stop.signal)
      await expect.poll(() => admin.length + tenant.length, { timeout: 20_000 }).toBeGreaterThan(1)
      later = await createTestNamespace('every-later')
      await createDeployment(later, { name: 'arrival', replicas: 0 })
      const arrived = (line: string) => line.includes(`"namespace":"${later!.namespace}"`)
      // First its list, then its changes, as for the namespaces known at the start.
      await expect
        .poll(() => admin.find(arrived), { timeout: 30_000 })
        .toMatch(/^list .*"name":"arrival"/)
      await send(TOKENS.admin, `/namespaces/${later.namespace}/servers/arrival/scale`, {
        replicas: 1,
      })
      const scaled = /^server .*"name":"arrival".*"replicas":1,/
      await expect
        .poll(() => admin.filter(arrived).some((line) => scaled.test(line)), { timeout: 30_000 })
        .toBe(true)
      expect(tenant.filter(arrived)).toEqual([])
    } finally {
      stop.abort()
    }
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
