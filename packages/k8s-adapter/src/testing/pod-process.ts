import { spawn } from 'node:child_process'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'

/**
 * The example MCP server (apps/example-mcp-server), run as TypeScript by this same Node. A path,
 * not a package import: this package does not depend on an app.
 */
const EXAMPLE_SERVER = fileURLToPath(
  new URL('../../../../apps/example-mcp-server/src/main.ts', import.meta.url)
)

export type PodProcessState = 'starting' | 'listening' | 'stopping' | 'exited'

export interface PodProcessSpec {
  pod: string
  ip: string
  port: number
  /** More arguments for the server, e.g. ['--mode', 'stateless']. */
  args: readonly string[]
  /** A process that does not listen by then is stopped and counts as failed. */
  startTimeoutMs: number
  /** SIGTERM, then SIGKILL when it is still running after this. */
  stopTimeoutMs: number
}

/** One example server process, bound to its pod's IP. */
export interface PodProcess {
  readonly pod: string
  readonly ip: string
  readonly pid: number | undefined
  /** http://<ip>:<port>/mcp */
  readonly url: string
  readonly state: PodProcessState
  /** Why it ended without being asked to (or never listened), with the tail of its stderr. */
  readonly failure: string | undefined
  /** Resolves once the OS process is gone (its port is free again). */
  readonly exited: Promise<void>
  stop(): Promise<void>
}

/** Starts the example server for one pod; `onChange` is called on every change of state. */
export function spawnPodProcess(spec: PodProcessSpec, onChange: () => void): PodProcess {
  const { pod, ip, port } = spec
  // --exit-with-stdin: stdin is our pipe, so a test run that dies leaves no server behind.
  const args = ['--host', ip, '--port', String(port), '--pod', pod, '--exit-with-stdin']
  const child = spawn(process.execPath, [EXAMPLE_SERVER, ...args, ...spec.args], {
    stdio: 'pipe',
    // Nothing of the test runner's environment (NODE_OPTIONS and the like).
    env: { PATH: process.env.PATH ?? '' },
  })
  let state: PodProcessState = 'starting'
  let failure: string | undefined
  let stderr = ''
  let killTimer: NodeJS.Timeout | undefined
  const fail = (reason: string) => {
    failure ??= `pod ${pod} (${ip}:${port}): ${reason}${stderr && `; stderr: ${stderr.trim()}`}`
  }
  const change = (next: PodProcessState) => {
    state = next
    onChange()
  }

  child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk).slice(-2000)))
  createInterface({ input: child.stdout }).on('line', (line) => {
    // The server prints this once its port accepts connections.
    if (state === 'starting' && line.startsWith('listening on ')) {
      clearTimeout(startTimer)
      change('listening')
    }
  })
  const startTimer = setTimeout(() => {
    fail(`not listening after ${spec.startTimeoutMs} ms`)
    void stop()
  }, spec.startTimeoutMs)

  const exited = new Promise<void>((resolve) => {
    const done = (reason: string) => {
      if (state === 'exited') return
      clearTimeout(startTimer)
      clearTimeout(killTimer)
      if (state !== 'stopping') fail(reason)
      resolve()
      change('exited')
    }
    // 'close' rather than 'exit': by then its stderr has been read to the end.
    child.once('close', (code, signal) => done(`exited (${signal ?? `code ${code}`})`))
    // A process that could not be started emits 'error' and maybe no 'close'.
    child.on('error', (error) => child.pid === undefined && done(`not started: ${error.message}`))
  })

  function stop(): Promise<void> {
    if (state === 'starting' || state === 'listening') {
      change('stopping')
      child.kill('SIGTERM')
      killTimer = setTimeout(() => child.kill('SIGKILL'), spec.stopTimeoutMs)
    }
    return exited
  }

  return {
    pod,
    ip,
    pid: child.pid,
    url: `http://${ip}:${port}/mcp`,
    get state() {
      return state
    },
    get failure() {
      return failure
    },
    exited,
    stop,
  }
}
