import { CoreV1Api, makeInformer, type KubeConfig, type V1Pod } from '@kubernetes/client-node'
import { isIPv4 } from 'node:net'
import { isReadyWhenListening, markPodReady } from './mark-pod-ready.ts'
import { spawnPodProcess, type PodProcess, type PodProcessState } from './pod-process.ts'

// One process alone, for the benchmarks' baseline of a pod's own cold answer.
export { spawnPodProcess, type PodProcess } from './pod-process.ts'

export interface PodProcessesOptions {
  kubeConfig: KubeConfig
  namespace: string
  /** The pods to serve, e.g. `app=weather`. */
  labelSelector: string
  /** The port each server binds on its pod's IP: the container port the Deployment declares. */
  port: number
  /** More arguments for every server, e.g. ['--mode', 'stateless']. */
  args?: readonly string[]
  /** At most this many processes at once (50); a pod beyond it gets a failure, not a process. */
  maxProcesses?: number
  /** A process that does not listen within this (10 s) is stopped and counts as failed. */
  startTimeoutMs?: number
  /** SIGTERM, then SIGKILL after this (3 s). */
  stopTimeoutMs?: number
}

/** What processes() shows of one pod's process. */
export interface PodProcessInfo {
  pod: string
  ip: string
  pid: number | undefined
  /** http://<pod IP>:<port>/mcp */
  url: string
  state: Exclude<PodProcessState, 'exited'>
}

export type ProcessMap = ReadonlyMap<string, PodProcessInfo>

export interface PodProcesses {
  /** The live processes (not yet exited), by pod name. */
  processes(): ProcessMap
  /** Resolves once the pod's process listens; rejects when it failed, or after timeoutMs (10 s). */
  listening(pod: string, timeoutMs?: number): Promise<PodProcessInfo>
  /** Resolves once `check` holds, tested on every change; rejects after timeoutMs (10 s). */
  waitFor(check: (processes: ProcessMap) => boolean, timeoutMs?: number): Promise<void>
  /** Pods that got no working process, and why (refused IP, cap, exit, start timeout). */
  failures(): ReadonlyMap<string, string>
  /** Ends the watch and stops every process; resolves once all have exited. */
  stop(): Promise<void>
}

const DEFAULT_WAIT_MS = 10_000

/**
 * Gives the pods of the local control plane real processes: watches the Pods (list-watch; pod
 * IPs come from the Pods, EndpointSlices refuse loopback addresses) and runs one example MCP
 * server per pod with an IP in 127.0.0.0/8, bound to podIP:port. A pod that is deleted or
 * terminating loses its process. Anything outside 127.0.0.0/8 is refused: no traffic may go to
 * a real network. A pod annotated `mcp-lifecycle.test/ready-when: listening` is set Ready once
 * its process listens (kwok leaves it unready until then). A pod whose IP a running pod of this
 * harness holds gets no process (kwok, restarted, may hand out an IP in use): a failure instead.
 */
export async function startPodProcesses(options: PodProcessesOptions): Promise<PodProcesses> {
  const { kubeConfig, namespace, labelSelector } = options
  const maxProcesses = options.maxProcesses ?? 50
  const running = new Map<string, PodProcess>()
  const failures = new Map<string, string>()
  const waiters = new Set<() => void>()
  let stopped = false
  let watchError: unknown

  const notify = () => {
    for (const waiter of [...waiters]) waiter()
  }

  const core = kubeConfig.makeApiClient(CoreV1Api)

  function onServerChange(server: PodProcess): void {
    if (server.state === 'exited' && running.get(server.pod) === server) {
      running.delete(server.pod)
      if (server.failure) failures.set(server.pod, server.failure)
    }
    if (server.state === 'listening') void markReady(server)
    notify()
  }

  async function markReady(server: PodProcess): Promise<void> {
    const pod = informer.get(server.pod, namespace)
    if (!isReadyWhenListening(pod) || stopped) return
    await markPodReady(core, pod!).catch((error: unknown) => {
      if (!stopped) refuse(server.pod, `could not set Ready: ${String(error)}`)
    })
  }

  function reconcile(pod: V1Pod): void {
    const name = pod.metadata?.name
    const ip = pod.status?.podIP
    if (!name || stopped) return
    if (pod.metadata?.deletionTimestamp || !ip) return void running.get(name)?.stop()
    if (running.has(name) || failures.has(name)) return
    if (!isLoopback(ip)) return refuse(name, `pod IP ${ip} is outside 127.0.0.0/8`)
    const previous = [...running.values()].find((server) => server.ip === ip)
    if (previous && holdsIp(previous.pod, ip))
      return refuse(name, `pod IP ${ip} is held by running pod ${previous.pod}`)
    // kwok hands a deleted pod's IP to the next pod: wait until the old process has let go.
    if (previous) return void previous.exited.then(() => reconcileLatest(name))
    if (running.size >= maxProcesses) return refuse(name, `over the cap of ${maxProcesses}`)
    const server = spawnPodProcess(
      {
        pod: name,
        ip,
        port: options.port,
        args: options.args ?? [],
        startTimeoutMs: options.startTimeoutMs ?? 10_000,
        stopTimeoutMs: options.stopTimeoutMs ?? 3_000,
      },
      () => onServerChange(server)
    )
    running.set(name, server)
    notify()
  }

  function refuse(pod: string, reason: string): void {
    failures.set(pod, `pod ${pod}: no process: ${reason}`)
    notify()
  }

  const informer = makeInformer<V1Pod>(
    kubeConfig,
    `/api/v1/namespaces/${namespace}/pods`,
    () => core.listNamespacedPod({ namespace, labelSelector }),
    labelSelector
  )
  const holdsIp = (pod: string, ip: string) => {
    const holder = informer.get(pod, namespace)
    return !holder?.metadata?.deletionTimestamp && holder?.status?.podIP === ip
  }
  const reconcileLatest = (name: string) => {
    const latest = informer.get(name, namespace)
    if (latest) reconcile(latest)
  }
  informer.on('add', reconcile)
  informer.on('update', reconcile)
  informer.on('delete', (pod) => void running.get(pod.metadata?.name ?? '')?.stop())
  informer.on('error', (error) => {
    if (stopped) return
    watchError = error
    // client-node's ListWatch gives up on errors other than timeouts and 410: start it again.
    setTimeout(() => void (stopped || informer.start().catch(() => {})), 1000).unref()
  })

  function snapshot(): ProcessMap {
    const entries = [...running.values()].map(({ pod, ip, pid, url, state }) => {
      const info: PodProcessInfo = { pod, ip, pid, url, state: state as PodProcessInfo['state'] }
      return [pod, info] as const
    })
    return new Map(entries)
  }

  function waitFor(check: (processes: ProcessMap) => boolean, timeoutMs = DEFAULT_WAIT_MS) {
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        waiters.delete(test)
        const state = JSON.stringify({
          processes: [...snapshot().values()],
          failures: [...failures],
          watchError: watchError === undefined ? undefined : String(watchError),
        })
        reject(new Error(`pod processes: condition not met within ${timeoutMs} ms; ${state}`))
      }, timeoutMs)
      const test = () => {
        if (!check(snapshot())) return
        clearTimeout(timer)
        waiters.delete(test)
        resolve()
      }
      waiters.add(test)
      test()
    })
  }

  const harness: PodProcesses = {
    processes: snapshot,
    waitFor,
    async listening(pod, timeoutMs) {
      await waitFor((p) => p.get(pod)?.state === 'listening' || failures.has(pod), timeoutMs)
      const failure = failures.get(pod)
      if (failure) throw new Error(failure)
      return snapshot().get(pod) as PodProcessInfo
    },
    failures: () => new Map(failures),
    async stop() {
      stopped = true
      await informer.stop()
      await Promise.all([...running.values()].map((server) => server.stop()))
    },
  }

  await informer.start()
  if (watchError) {
    await harness.stop()
    throw watchError
  }
  return harness
}

function isLoopback(ip: string): boolean {
  return isIPv4(ip) && ip.startsWith('127.')
}
