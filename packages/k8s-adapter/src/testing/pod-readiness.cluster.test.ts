import type { V1Pod } from '@kubernetes/client-node'
import { execFileSync } from 'node:child_process'
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDeployment, createTestNamespace, type ClusterAccess } from '../cluster-fixtures.ts'
import { startPodProcesses, type PodProcesses } from './pod-processes.ts'

// Issue 30, point 6: the local control plane's pods as honest as a real node's. A pod turns
// Ready when its process listens (kwok used to mark it Ready before), and no two running pods
// share an IP after kwok restarts (kwok 0.7.0 forgot the IPs it had handed out).
const PORT = 8080
const UP = fileURLToPath(new URL('../../../../infra/control-plane/up.sh', import.meta.url))
const STAGES = fileURLToPath(
  new URL('../../../../infra/control-plane/kwok-stages/pod-stages.yaml', import.meta.url)
)

let access: ClusterAccess
let harness: PodProcesses | undefined

beforeAll(async () => {
  access = await createTestNamespace('pod-readiness')
  await Promise.all(
    ['late', 'first', 'second'].map((name) =>
      createDeployment(access, { name, replicas: 0, readyWhenListening: true })
    )
  )
})

afterAll(async () => {
  try {
    await harness?.stop()
  } finally {
    await access?.core.deleteNamespace({ name: access.namespace })
  }
})

const isReady = (pod: V1Pod) =>
  pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false

async function scale(name: string, replicas: number): Promise<void> {
  await access.apps.patchNamespacedDeploymentScale({
    name,
    namespace: access.namespace,
    body: [{ op: 'replace', path: '/spec/replicas', value: replicas }],
  })
}

/** Polls the pods of `app=name` until `check` holds for one; returns it. */
async function podWhere(name: string, check: (pod: V1Pod) => boolean): Promise<V1Pod> {
  const deadline = Date.now() + 30_000
  for (;;) {
    const { items } = await access.core.listNamespacedPod({
      namespace: access.namespace,
      labelSelector: `app=${name}`,
    })
    const pod = items.find((p) => !p.metadata?.deletionTimestamp && check(p))
    if (pod) return pod
    if (Date.now() > deadline) {
      const seen = items.map((p) => `${p.metadata?.name} ${p.status?.podIP} ready=${isReady(p)}`)
      const failures = JSON.stringify([...(harness?.failures() ?? [])])
      throw new Error(`${name}: no such pod within 30 s; seen ${seen.join(', ')}; ${failures}`)
    }
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

/** The IPs of every running pod of the cluster, with the pod holding each. */
async function runningPodIps(): Promise<[string, string][]> {
  const { items } = await access.core.listPodForAllNamespaces({})
  return items
    .filter((p) => p.status?.podIP && !p.metadata?.deletionTimestamp)
    .map((p) => [p.status!.podIP!, `${p.metadata!.namespace}/${p.metadata!.name}`])
}

const accepts = (ip: string) =>
  new Promise<boolean>((resolve) => {
    const socket = connect(PORT, ip)
    socket.once('connect', () => (socket.destroy(), resolve(true)))
    socket.once('error', () => resolve(false))
  })

/** Restarts kwok alone, as up.sh does when kwok's command line differs (another stage path). */
function restartKwok(stages: string): void {
  execFileSync('bash', [UP], {
    env: { ...process.env, MCPL_KWOK_STAGES: stages },
    stdio: ['ignore', 'ignore', 'pipe'],
  })
}

describe('the local control plane with the pod-processes harness', () => {
  it('keeps a pod unready until its process listens, then the harness sets it Ready', async () => {
    await scale('late', 1)
    // No harness yet: the pod runs and has its IP, but nothing listens, so it is not Ready.
    const running = await podWhere('late', (p) => Boolean(p.status?.podIP))
    await new Promise((resolve) => setTimeout(resolve, 1000))
    const unready = await podWhere('late', () => true)
    expect(unready.metadata?.uid).toBe(running.metadata?.uid)
    expect(isReady(unready)).toBe(false)
    expect(await accepts(running.status!.podIP!)).toBe(false)

    harness = await startPodProcesses({
      kubeConfig: access.kubeConfig,
      namespace: access.namespace,
      labelSelector: 'app in (late,first,second)',
      port: PORT,
    })
    const ready = await podWhere('late', isReady)
    // Ready is only set after the process listens: the address accepts at once.
    expect(await accepts(ready.status!.podIP!)).toBe(true)
    expect(harness.failures()).toEqual(new Map())
  })

  it('gives no new pod the IP of a running pod after kwok restarts with other flags', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kwok-stages-'))
    const copies = [join(dir, 'a.yaml'), join(dir, 'b.yaml')]
    for (const copy of copies) copyFileSync(STAGES, copy)
    try {
      // Each restart starts kwok's address pool empty; each new pod must still get a free IP.
      for (const [i, name] of (['first', 'second'] as const).entries()) {
        restartKwok(copies[i]!)
        await scale(name, 1)
        const pod = await podWhere(name, isReady)
        const ip = pod.status!.podIP!
        // Checked against the pods running now, not a list taken before the scale: a pod of a
        // namespace an earlier file deleted may go meanwhile, and its IP rightly with it.
        const self = `${access.namespace}/${pod.metadata!.name!}`
        const others = (await runningPodIps()).filter(([held, who]) => held === ip && who !== self)
        expect(others, `${name} got ${ip}`).toEqual([])
        expect(await harness!.listening(pod.metadata!.name!)).toMatchObject({ ip })
      }
      expect(harness!.failures()).toEqual(new Map())
    } finally {
      restartKwok(STAGES)
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
