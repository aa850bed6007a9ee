import { spawn } from 'node:child_process'
import { closeSync, openSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { AppsV1Api, CoreV1Api, KubeConfig } from '@kubernetes/client-node'

export interface RestartOptions {
  /** How long the API server stays down before it is started again. */
  downMs?: number
  /** How long the API server may take to stop after SIGTERM before it is killed. */
  graceMs?: number
  /** Bound on each step: the old process exiting, the new one answering. */
  timeoutMs?: number
}

/**
 * Restarts the local control plane's kube-apiserver (infra/control-plane/up.sh) as an outage
 * does: SIGTERM (it stops listening), SIGKILL after `graceMs`, down for `downMs`, then the same command line
 * again, so state, certificates and ports are kept (re-running up.sh with a component dead
 * makes a new cluster). The new pid goes to the pid file, so down.sh stops it. Resolves once
 * the API server answers again and the controller manager acts again. Only for a control plane whose state directory holds
 * `kubeconfig` (MCPL_STATE): it refuses a process whose command line does not name it.
 */
export async function restartApiServer(kubeconfig: string, options: RestartOptions = {}) {
  const { downMs = 3000, graceMs = 3000, timeoutMs = 60_000 } = options
  const state = dirname(kubeconfig)
  const pidFile = join(state, 'pids', 'kube-apiserver.pid')
  const pid = Number(readFileSync(pidFile, 'utf8').replace(/\D/g, ''))
  const commandLine = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean)
  if (!commandLine.some((arg) => arg.includes(`${state}/`)))
    throw new Error(`pid ${pid} is not the kube-apiserver of ${state}`)
  process.kill(pid, 'SIGTERM')
  // A graceful stop waits up to a minute for open requests: cut it short, as a crash would.
  await until(() => !isAlive(pid), graceMs, 'the API server to exit').catch(() => {
    if (isAlive(pid)) process.kill(pid, 'SIGKILL')
  })
  await until(() => !isAlive(pid), timeoutMs, 'the API server to exit')
  await sleep(downMs)
  const log = openSync(join(state, 'logs', 'kube-apiserver.log'), 'a')
  const child = spawn(commandLine[0]!, commandLine.slice(1), {
    detached: true,
    stdio: ['ignore', log, log],
  })
  closeSync(log)
  child.unref()
  writeFileSync(pidFile, String(child.pid))
  const kc = new KubeConfig()
  kc.loadFromFile(kubeconfig)
  const core = kc.makeApiClient(CoreV1Api)
  await until(
    () =>
      core.readNamespace({ name: 'default' }).then(
        () => true,
        () => false
      ),
    timeoutMs,
    'the API server to answer again'
  )
  await controllersFollow(kc, timeoutMs * 2)
}

/** Alive and not a zombie: the API server's parent (init here) may never reap it. */
function isAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z'
  } catch {
    return false
  }
}

async function until(check: () => boolean | Promise<boolean>, timeoutMs: number, what: string) {
  const deadline = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await sleep(100)
  }
}

/**
 * The controller manager reconnects on its own schedule (a minute or more was seen): the
 * restart is over once it acts on a new Deployment again, so the tests after it can rely on it.
 */
async function controllersFollow(kc: KubeConfig, timeoutMs: number) {
  const apps = kc.makeApiClient(AppsV1Api)
  const name = `restart-probe-${Date.now()}`
  const labels = { app: name }
  await apps.createNamespacedDeployment({
    namespace: 'default',
    body: {
      metadata: { name },
      spec: {
        replicas: 0,
        selector: { matchLabels: labels },
        template: { metadata: { labels }, spec: { containers: [{ name: 'x', image: 'x' }] } },
      },
    },
  })
  try {
    await until(
      () =>
        apps.readNamespacedDeployment({ name, namespace: 'default' }).then(
          (d) => d.status?.observedGeneration === d.metadata?.generation,
          () => false
        ),
      timeoutMs,
      'the controller manager to act again'
    )
  } finally {
    await apps.deleteNamespacedDeployment({ name, namespace: 'default' }).catch(() => {})
  }
}
