import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest'
import {
  connectClient,
  type ExampleClient,
} from '../../../../apps/example-mcp-server/src/connect-client.ts'
import { createDeployment, createTestNamespace, type ClusterAccess } from '../cluster-fixtures.ts'
import { startPodProcesses, type PodProcesses, type PodProcessesOptions } from './pod-processes.ts'

// The pods of the local control plane as real MCP servers: kwok gives them loopback IPs
// (infra/control-plane/up.sh), the harness runs one example server per pod IP.
const PORT = 8080 // the containerPort of cluster-fixtures' Deployments
const NAME = 'echo'

describe.each(['stateful', 'stateless'] as const)('pod processes, %s servers', (mode) => {
  let access: ClusterAccess | undefined
  let harness: PodProcesses | undefined

  beforeAll(async () => {
    access = await createTestNamespace(`pods-${mode}`)
    await createDeployment(access, { name: NAME, replicas: 0 })
    harness = await startPodProcesses({
      kubeConfig: access.kubeConfig,
      namespace: access.namespace,
      labelSelector: `app=${NAME}`,
      port: PORT,
      args: ['--mode', mode],
    })
  })

  afterAll(async () => {
    try {
      await harness?.stop()
    } finally {
      await access?.core.deleteNamespace({ name: access.namespace })
    }
  })

  it('runs one server per pod, and each answers MCP as its own pod', async () => {
    const pods = await scale(2)
    expect(pods).toHaveLength(2)
    for (const pod of pods) {
      expect(pod.ip).toMatch(/^127\./)
      const server = await harness!.listening(pod.name)
      expect(server).toMatchObject({ ip: pod.ip, url: `http://${pod.ip}:${PORT}/mcp` })
      await withClient(server.url, async (client) => {
        expect(await client.whoami()).toMatchObject({ pod: pod.name, ip: pod.ip, port: PORT, mode })
        if (mode === 'stateful') expect(client.sessionId).toMatch(/^[\x21-\x7e]+$/)
        else expect(client.sessionId).toBeUndefined()
      })
    }
    expect(harness!.failures()).toEqual(new Map())
  })

  it('ends the processes when the Deployment scales to 0', async () => {
    const pods = await scale(2)
    const servers = await Promise.all(pods.map((pod) => harness!.listening(pod.name)))
    await scale(0)
    await harness!.waitFor((processes) => processes.size === 0)
    for (const { pid } of servers) expect(isAlive(pid)).toBe(false)
    expect(harness!.failures()).toEqual(new Map())
  })

  /** Scales the Deployment and returns its pods once they are there (polling: set-up only). */
  async function scale(replicas: number): Promise<{ name: string; ip: string }[]> {
    const { apps, namespace } = access!
    await apps.replaceNamespacedDeploymentScale({
      name: NAME,
      namespace,
      body: { metadata: { name: NAME, namespace }, spec: { replicas } },
    })
    return waitForPods(replicas)
  }

  /** The Deployment's pods, once exactly `count` exist, all with an IP and none terminating. */
  async function waitForPods(count: number): Promise<{ name: string; ip: string }[]> {
    const deadline = Date.now() + 30_000
    for (;;) {
      const { items } = await access!.core.listNamespacedPod({
        namespace: access!.namespace,
        labelSelector: `app=${NAME}`,
      })
      const live = items.filter((pod) => pod.status?.podIP && !pod.metadata?.deletionTimestamp)
      if (items.length === count && live.length === count) {
        return live.map((pod) => ({ name: pod.metadata!.name!, ip: pod.status!.podIP! }))
      }
      if (Date.now() > deadline) throw new Error(`not ${count} live pods after 30 s`)
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
  }
})

describe('pod processes, limits', () => {
  let access: ClusterAccess | undefined
  const harnesses: PodProcesses[] = []

  beforeAll(async () => {
    access = await createTestNamespace('pods-limits')
  })

  afterAll(async () => {
    try {
      await Promise.all(harnesses.map((harness) => harness.stop()))
    } finally {
      await access?.core.deleteNamespace({ name: access.namespace })
    }
  })

  async function serve(name: string, options: Partial<PodProcessesOptions> = {}) {
    const harness = await startPodProcesses({
      kubeConfig: access!.kubeConfig,
      namespace: access!.namespace,
      labelSelector: `app=${name}`,
      port: PORT,
      ...options,
    })
    harnesses.push(harness)
    return harness
  }

  it('runs no more processes than its cap', async () => {
    await createDeployment(access!, { name: 'capped', replicas: 2 })
    const harness = await serve('capped', { maxProcesses: 1 })
    await harness.waitFor((processes) => processes.size === 1 && harness.failures().size === 1)
    expect([...harness.failures().values()]).toEqual([expect.stringMatching(/over the cap of 1/)])
  })

  it('reports a server that exits before it listens, with its stderr', async () => {
    await createDeployment(access!, { name: 'broken', replicas: 1 })
    const harness = await serve('broken', { args: ['--mode', 'sticky'] })
    await harness.waitFor(() => harness.failures().size === 1)
    const [failure] = harness.failures().values()
    expect(failure).toMatch(/exited \(code 2\).*--mode: sticky/)
    expect(harness.processes().size).toBe(0)
  })

  it('refuses a pod whose IP is outside 127.0.0.0/8', async () => {
    const { core, namespace } = access!
    // A pod bound to a node that does not exist: no scheduler or kwok touches its status. No
    // kubelet confirms its deletion either: only a forced one (grace 0) removes it.
    const pod = await core.createNamespacedPod({
      namespace,
      body: {
        metadata: { name: 'elsewhere', labels: { app: 'elsewhere' } },
        spec: {
          nodeName: 'no-such-node',
          containers: [{ name: 'mcp', image: 'example.invalid/x:1' }],
        },
      },
    })
    onTestFinished(async () => {
      await core.deleteNamespacedPod({ name: 'elsewhere', namespace, gracePeriodSeconds: 0 })
    })
    const podIP = '10.244.0.9'
    await core.replaceNamespacedPodStatus({
      name: 'elsewhere',
      namespace,
      body: { ...pod, status: { phase: 'Running', podIP, podIPs: [{ ip: podIP }] } },
    })
    const harness = await serve('elsewhere')
    await expect(harness.listening('elsewhere')).rejects.toThrow(
      'pod elsewhere: no process: pod IP 10.244.0.9 is outside 127.0.0.0/8'
    )
    expect(harness.processes().size).toBe(0)
  })
})

async function withClient(url: string, use: (client: ExampleClient) => Promise<void>) {
  const client = await connectClient(url)
  try {
    await use(client)
  } finally {
    await client.close()
  }
}

function isAlive(pid: number | undefined): boolean {
  if (pid === undefined) return false
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}
