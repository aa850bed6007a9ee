import { Client } from '@modelcontextprotocol/sdk/client/index.js'
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js'
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js'
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { CLIENT_MODES, connectTestClient, EXPECTED_REVISION } from '@mcp-lifecycle/mcp/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

// The bin as an MCP client launches it: a plain node process (type stripping, no build) speaking
// on stdin/stdout. Its kubeconfig points at a port nothing listens on, so every Kubernetes call
// fails fast; the process must answer with tool errors, not die.
const STDIO = fileURLToPath(new URL('./main.ts', import.meta.url))
const ROOT = fileURLToPath(new URL('../../../', import.meta.url))

let dir: string
let kubeconfig: string

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'mcp-stdio-'))
  kubeconfig = join(dir, 'kubeconfig')
  writeFileSync(
    kubeconfig,
    [
      'apiVersion: v1',
      'kind: Config',
      'clusters: [{name: nowhere, cluster: {server: "https://127.0.0.1:1", insecure-skip-tls-verify: true}}]',
      'users: [{name: nobody, user: {token: not-a-token}}]',
      'contexts: [{name: nowhere, context: {cluster: nowhere, user: nobody}}]',
      'current-context: nowhere',
    ].join('\n')
  )
})

afterAll(() => rmSync(dir, { recursive: true, force: true }))

async function launch(env: Record<string, string> = {}) {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [STDIO],
    env: { KUBECONFIG: kubeconfig, ...env },
    stderr: 'pipe',
  })
  let stderr = ''
  transport.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  const client = new Client({ name: 'stdio-test', version: '0.0.0' })
  await client.connect(transport)
  return { client, stderr: () => stderr }
}

// Spawning node and loading the SDK and client-node can take seconds on a loaded machine.
// Every client agents use, each opening with its own revision: discover or initialize.
describe.each(CLIENT_MODES)('the stdio bin with the %s client', { timeout: 30_000 }, (mode) => {
  it(`speaks ${EXPECTED_REVISION[mode]}, lists the five tools and answers an unreachable cluster with a tool error`, async () => {
    const client = await connectTestClient(mode, {
      command: process.execPath,
      args: [STDIO],
      env: { KUBECONFIG: kubeconfig },
    })
    try {
      expect(client.revision()).toBe(EXPECTED_REVISION[mode])
      expect(await client.listToolNames()).toEqual([
        'list_mcp_servers',
        'get_mcp_status',
        'start_mcp',
        'stop_mcp',
        'scale_mcp',
      ])
      const result = await client.callTool('start_mcp', { name: 'weather' })
      expect(result.isError).toBe(true)
      expect(result.content[0]?.text).toContain('the manager cannot reach its cluster')
    } finally {
      await client.close()
    }
  })
})

describe('the stdio bin', { timeout: 30_000 }, () => {
  it('initializes, lists the five tools and answers an unreachable cluster with a tool error', async () => {
    const { client, stderr } = await launch()
    try {
      expect(client.getServerVersion()).toMatchObject({ name: 'mcp-lifecycle' })
      const { tools } = await client.listTools()
      expect(tools.map((t) => t.name)).toEqual([
        'list_mcp_servers',
        'get_mcp_status',
        'start_mcp',
        'stop_mcp',
        'scale_mcp',
      ])
      const result = (await client.callTool({
        name: 'list_mcp_servers',
        arguments: {},
      })) as CallToolResult
      expect(result.isError).toBe(true)
      expect(result.content[0]).toMatchObject({
        type: 'text',
        text: expect.stringContaining('Kubernetes unavailable'),
      })
      expect(result.content[0]).toMatchObject({
        text: expect.stringContaining('the manager cannot reach its cluster'),
      })
      // Still alive and still speaking the protocol after the failure.
      const bad = (await client.callTool({
        name: 'scale_mcp',
        arguments: { name: 'x', replicas: '2' },
      })) as CallToolResult
      expect(bad.isError).toBe(true)
      expect(stderr()).toContain('listening on stdio')
    } finally {
      await client.close()
    }
  })

  it('refuses a bad configuration on stderr and exits 1, writing nothing on stdout', () => {
    const run = spawnSync(process.execPath, [STDIO], {
      env: { PATH: process.env.PATH, KUBECONFIG: kubeconfig, MCPL_MAX_REPLICAS: 'many' },
      input: '',
      encoding: 'utf8',
      timeout: 30_000,
    })
    expect(run.status).toBe(1)
    expect(run.stdout).toBe('')
    expect(run.stderr).toContain('MCPL_MAX_REPLICAS must be a whole number')
  })
})

/** The machine's Node when it cannot run TypeScript itself: the case the bin must handle. */
const oldNode = ['/usr/bin/node', '/usr/local/bin/node'].find((node) => {
  try {
    const strips = execFileSync(node, ['-p', 'Boolean(process.features.typescript)'])
    return String(strips).trim() === 'false'
  } catch {
    return false
  }
})

interface ClientEntry {
  command: string
  args: string[]
  env?: Record<string, string>
}

/** The stdio entries (with a `command`) of the MCP client configurations a README shows. */
function readmeEntries(readme: string): [string, ClientEntry][] {
  const text = readFileSync(join(ROOT, readme), 'utf8')
  const blocks = [...text.matchAll(/```json\n([\s\S]*?)```/g)].map((m) => JSON.parse(m[1]!))
  return blocks.flatMap((block: { mcpServers?: Record<string, ClientEntry> }) =>
    Object.entries(block.mcpServers ?? {})
      .filter(([, entry]) => entry.command)
      .map(([name, entry]): [string, ClientEntry] => [`${readme}: ${name}`, entry])
  )
}

// As an MCP client starts it from a README's configuration, pasted as printed (the checkout's
// path filled in), when the first `node` on the client's PATH is the machine's own, which may be
// too old to run TypeScript (20).
describe('the stdio bin as the READMEs configure it', { timeout: 60_000 }, () => {
  const entries = [...readmeEntries('README.md'), ...readmeEntries('apps/mcp-stdio/README.md')]

  it('is shown in both READMEs', () => {
    expect(entries.map(([where]) => where.split(':')[0])).toEqual([
      'README.md',
      'apps/mcp-stdio/README.md',
    ])
  })

  it.each(entries)('%s answers MCP', async (_where, entry) => {
    const transport = new StdioClientTransport({
      command: entry.command,
      args: entry.args.map((arg) => arg.replace('/path/to/mcp-lifecycle/', ROOT)),
      env: {
        ...entry.env,
        PATH: `${dirname(oldNode ?? process.execPath)}:${process.env.PATH}`,
        KUBECONFIG: kubeconfig,
        ...(process.env.MCPL_CACHE && { MCPL_CACHE: process.env.MCPL_CACHE }),
      },
      stderr: 'pipe',
    })
    let stderr = ''
    transport.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    const client = new Client({ name: 'readme-test', version: '0.0.0' })
    try {
      await client.connect(transport)
      const { tools } = await client.listTools()
      expect(tools.map((t) => t.name)).toContain('start_mcp')
    } catch (error) {
      throw new Error(`${String(error)}; stderr:\n${stderr}`)
    } finally {
      await client.close()
    }
  })
})

describe('the stdio bin without a kubeconfig', () => {
  // Regression: a missing KUBECONFIG file died with a bare ENOENT, and no kubeconfig at all
  // started a server whose every call failed as "cannot be reached".
  it.each([
    ['KUBECONFIG not set', {}],
    ['KUBECONFIG naming a missing file', { KUBECONFIG: '/nonexistent/kubeconfig' }],
  ])('with %s: says where it looked and how to get one, and exits 1', (_case, env) => {
    const run = spawnSync(process.execPath, [STDIO], {
      env: { PATH: process.env.PATH, HOME: dir, ...env },
      input: '',
      encoding: 'utf8',
      timeout: 30_000,
    })
    expect(run.status).toBe(1)
    expect(run.stdout).toBe('')
    expect(run.stderr).toMatch(/^no kubeconfig found: looked at KUBECONFIG \(/)
    expect(run.stderr).toContain('eval "$(npm run --silent cluster:up)"')
  })
})
