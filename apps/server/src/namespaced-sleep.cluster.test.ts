import { createDeployment, replicasOf } from '@mcp-lifecycle/k8s-adapter/cluster-fixtures'
import type { ClusterAccess } from '@mcp-lifecycle/k8s-adapter/cluster-fixtures'
import { TestScene } from '@mcp-lifecycle/k8s-adapter/test-scene'
import { LAST_ACTIVITY_ANNOTATION } from '@mcp-lifecycle/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { connectPinnedV2 } from './connect-mcp-client.ts'
import { startManagerProcess, writeTokensFile } from './manager-process-fixture.ts'
import type { ManagerProcess } from './manager-process-fixture.ts'

// Issue 31: a server in a managed namespace other than the default one, served by the real
// manager process: its discovery record is kept in ITS namespace (owned by its Deployment),
// its activity is written on it, and the reaper of that namespace stops it when idle.
const NAME = 'sleeper'
const TOKEN = 'team-token-0123456789abcdef'
const scene = new TestScene()
let home: ClusterAccess
let team: ClusterAccess
let manager: ManagerProcess | undefined

beforeAll(async () => {
  ;[home, team] = await Promise.all([scene.namespace('ns-home'), scene.namespace('ns-team')])
  await createDeployment(team, {
    name: NAME,
    replicas: 0,
    annotations: { 'mcp-lifecycle/idle-timeout': '3s' },
  })
  await scene.examplePods(team, `app=${NAME}`, 'both')
  manager = await startManagerProcess({
    MCPL_NAMESPACE: home.namespace,
    MCPL_NAMESPACES: `${home.namespace},${team.namespace}`,
    MCPL_TOKENS_FILE: writeTokensFile([
      { id: 'team', scope: 'write', servers: `${team.namespace}/*`, token: TOKEN },
    ]),
    MCPL_ACTIVITY_WRITE_SECONDS: '1',
    MCPL_REAPER_INTERVAL_SECONDS: '1',
  })
  scene.defer(() => manager!.kill())
}, 120_000)

afterAll(() => scene.close())

const discoveryRecord = (access: ClusterAccess) =>
  access.core
    .readNamespacedConfigMap({ name: `mcpl-discovery-${NAME}`, namespace: access.namespace })
    .catch(() => undefined)

const deployment = () =>
  team.apps.readNamespacedDeployment({ name: NAME, namespace: team.namespace })

describe('a server in a managed namespace other than the default one', () => {
  it('keeps its discovery record in its namespace and its activity on its Deployment, and is reaped', async () => {
    const url = `${manager!.base}/namespaces/${team.namespace}/servers/${NAME}/mcp`
    const client = await connectPinnedV2(url, TOKEN)
    try {
      expect((await client.listTools()).tools.map((t) => t.name)).toContain('echo')
      expect(await replicasOf(team, NAME)).toBe(1)
      await expect
        .poll(async () => (await discoveryRecord(team))?.metadata?.ownerReferences, {
          timeout: 15_000,
        })
        .toEqual([
          expect.objectContaining({
            kind: 'Deployment',
            name: NAME,
            uid: (await deployment()).metadata!.uid,
          }),
        ])
      expect(await discoveryRecord(home)).toBeUndefined()
      await expect
        .poll(async () => (await deployment()).metadata?.annotations?.[LAST_ACTIVITY_ANNOTATION], {
          timeout: 15_000,
        })
        .toBeTruthy()
    } finally {
      await client.close()
    }
    await expect.poll(() => replicasOf(team, NAME), { timeout: 30_000 }).toBe(0)
    const log = manager!.output.join('')
    for (const failure of ['could not', 'reaper pass failed']) expect(log).not.toContain(failure)
  })
})
