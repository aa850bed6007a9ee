import {
  createDeployment,
  createTestNamespace,
  replicasOf,
  type ClusterAccess,
} from '@mcp-lifecycle/k8s-adapter/cluster-fixtures'
import { startPodProcesses, type PodProcesses } from '@mcp-lifecycle/k8s-adapter/pod-processes'
import { LAST_ACTIVITY_ANNOTATION } from '@mcp-lifecycle/core'
import {
  Client as ClientV2,
  StreamableHTTPClientTransport as HttpTransportV2,
} from '@modelcontextprotocol/client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  startManagerProcess,
  writeTokensFile,
  type ManagerProcess,
} from './manager-process-fixture.ts'

// Issue 31: a server in a managed namespace other than the default one, served by the real
// manager process: its discovery record is kept in ITS namespace (owned by its Deployment),
// its activity is written on it, and the reaper of that namespace stops it when idle.
const NAME = 'sleeper'
const TOKEN = 'team-token-0123456789abcdef'
let home: ClusterAccess
let team: ClusterAccess
let harness: PodProcesses | undefined
let manager: ManagerProcess | undefined

beforeAll(async () => {
  ;[home, team] = await Promise.all([
    createTestNamespace('ns-home'),
    createTestNamespace('ns-team'),
  ])
  await createDeployment(team, {
    name: NAME,
    replicas: 0,
    annotations: { 'mcp-lifecycle/idle-timeout': '3s' },
  })
  harness = await startPodProcesses({
    kubeConfig: team.kubeConfig,
    namespace: team.namespace,
    labelSelector: `app=${NAME}`,
    port: 8080,
    args: ['--mode', 'both'],
  })
  manager = await startManagerProcess({
    MCPL_NAMESPACE: home.namespace,
    MCPL_NAMESPACES: `${home.namespace},${team.namespace}`,
    MCPL_TOKENS_FILE: writeTokensFile([
      { id: 'team', scope: 'write', servers: `${team.namespace}/*`, token: TOKEN },
    ]),
    MCPL_ACTIVITY_WRITE_SECONDS: '1',
    MCPL_REAPER_INTERVAL_SECONDS: '1',
  })
}, 120_000)

afterAll(async () => {
  manager?.kill()
  try {
    await harness?.stop()
  } finally {
    await Promise.all(
      [home, team].map((access) => access?.core.deleteNamespace({ name: access.namespace }))
    )
  }
})

const discoveryRecord = (access: ClusterAccess) =>
  access.core
    .readNamespacedConfigMap({ name: `mcpl-discovery-${NAME}`, namespace: access.namespace })
    .catch(() => undefined)

const deployment = () =>
  team.apps.readNamespacedDeployment({ name: NAME, namespace: team.namespace })

describe('a server in a managed namespace other than the default one', () => {
  it('keeps its discovery record in its namespace and its activity on its Deployment, and is reaped', async () => {
    const client = new ClientV2(
      { name: 'namespaced-sleep-tests', version: '0' },
      { versionNegotiation: { mode: { pin: '2026-07-28' } } }
    )
    const url = new URL(`${manager!.base}/namespaces/${team.namespace}/servers/${NAME}/mcp`)
    await client.connect(
      new HttpTransportV2(url, { requestInit: { headers: { authorization: `Bearer ${TOKEN}` } } })
    )
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
