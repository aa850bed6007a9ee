import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { createServer } from 'node:net'
import { dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { connectV1 } from './connect-mcp-client.ts'

// A new user's first hour: `npm run dev`, then every command it prints, pasted as printed,
// with the machine's own Node (which may be 20) first on PATH.
const root = fileURLToPath(new URL('../../..', import.meta.url))
const namespace = `dev-${Date.now().toString(36)}`
let dev: ChildProcess | undefined
let output = ''

const kubectl = (...args: string[]) =>
  execFileSync('kubectl', args, {
    env: { ...process.env, KUBECONFIG: inject('kubeconfig') },
    encoding: 'utf8',
  })

/** The Node a user has: the first `node` on the machine's PATH that is not the toolchain's. */
function machineNodeDir(): string {
  for (const candidate of ['/usr/bin/node', '/usr/local/bin/node']) {
    if (existsSync(candidate)) return dirname(candidate)
  }
  return dirname(process.execPath)
}

async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  await new Promise((resolve) => server.close(resolve))
  return port
}

beforeAll(async () => {
  kubectl('create', 'namespace', namespace)
  kubectl('apply', '-n', namespace, '-f', `${root}/infra/examples/mcp-servers.yaml`)
  const port = await freePort()
  dev = spawn('bash', ['scripts/dev.sh'], {
    cwd: root,
    env: {
      ...process.env,
      KUBECONFIG: inject('kubeconfig'),
      MCPL_NAMESPACE: namespace,
      PORT: String(port),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  dev.stdout!.on('data', (d) => (output += String(d)))
  dev.stderr!.on('data', (d) => (output += String(d)))
  const deadline = Date.now() + 90_000
  for (;;) {
    if (dev.exitCode !== null) throw new Error(`npm run dev exited:\n${output}`)
    const status = await fetch(`http://127.0.0.1:${port}/healthz`).then(
      (r) => r.status,
      () => 0
    )
    if (status === 200) break
    if (Date.now() > deadline) throw new Error(`npm run dev did not answer:\n${output}`)
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
}, 120_000)

afterAll(() => {
  dev?.kill('SIGTERM')
  kubectl('delete', 'namespace', namespace, '--wait=false')
})

/** The command lines npm run dev printed: indented lines that run something. */
function printedCommands(): string[] {
  return output
    .split('\n')
    .filter((line) => /^ {2}(curl |MCPL_TOKEN=|body=|id=|sig=)/.test(line))
    .map((line) => line.trim())
}

describe('npm run dev', () => {
  it('makes the deliveries record it needs', () => {
    expect(kubectl('get', 'configmap', 'mcp-lifecycle-deliveries', '-n', namespace)).toContain(
      'mcp-lifecycle-deliveries'
    )
  })

  it('prints commands that all work as printed, with the machine Node first on PATH', () => {
    const commands = printedCommands()
    expect(commands.some((c) => c.includes('npx mcpl'))).toBe(true)
    expect(commands.some((c) => c.includes('/hooks/dev'))).toBe(true)
    expect(commands.some((c) => c.includes('/events'))).toBe(true)
    // Every curl reports its status on a line of its own; the script stops at the first
    // command that fails.
    const script = [
      'set -e',
      `curl() { command curl -sS -w '\\nHTTP %{http_code}\\n' "$@"; }`,
      ...commands,
    ].join('\n')
    const result = execFileSync('bash', ['-c', script], {
      cwd: root,
      env: {
        ...process.env,
        PATH: `${machineNodeDir()}:${process.env.PATH}`,
        KUBECONFIG: inject('kubeconfig'),
        MCPL_NAMESPACE: namespace,
      },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 90_000,
    })
    const statuses = [...result.matchAll(/^HTTP (\d+)$/gm)].map((m) => Number(m[1]))
    expect(statuses.length).toBe(commands.filter((c) => c.startsWith('curl')).length)
    expect(
      statuses.every((status) => status >= 200 && status < 300),
      result
    ).toBe(true)
    // mcpl printed a table with the example servers.
    expect(result).toContain('mcp-github')
  })

  it('prints an MCP endpoint that wakes the example server for a real MCP client', async () => {
    const line =
      /MCP client \(wakes the server\): (\S+) +with header Authorization: Bearer (\S+)/.exec(output)
    expect(line, output).not.toBeNull()
    const [, url, token] = line!
    // Stopped first, so the client's first request is what wakes it.
    kubectl('scale', 'deployment/mcp-github', '--replicas=0', '-n', namespace)
    const { client } = await connectV1(url!, token!)
    try {
      const whoami = await client.callTool({ name: 'whoami' })
      expect(whoami.structuredContent).toMatchObject({ pod: expect.stringMatching(/^mcp-github-/) })
    } finally {
      await client.close()
    }
  }, 90_000)
})
