import { MemoryBackend } from '@mcp-lifecycle/core/testing'
import { execFile } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startMcpTestServer, type McpTestServer } from './mcp-test-server.ts'

// The official conformance suite (@modelcontextprotocol/conformance), run as a process against
// the endpoint, in both versions: 0.1.16 (2025 scenarios) and 0.2.0-alpha.12 (adds 2026-07-28).
// Only its protocol-level scenarios apply to us. The others (tools-call-*, resources-*,
// prompts-*, completion-complete, elicitation-*, json-schema-2020-12, server-sse-polling,
// http-custom-header-server-validation, input-required-result-*, tasks-*, sep-2640-*) call
// the suite's own fixtures (test_* tools, test:// resources, test prompts), which a lifecycle
// manager does not have.
const SUITES = {
  '0.1.16': '../node_modules/@modelcontextprotocol/conformance/dist/index.js',
  '0.2.0-alpha.12': '../node_modules/conformance-next/dist/index.js',
}

const LEGACY_SCENARIOS = [
  'server-initialize',
  'ping',
  'logging-set-level',
  'tools-list',
  'server-sse-multiple-streams',
  'dns-rebinding-protection',
]

const RUNS = [
  { suite: '0.1.16', revision: '2025-11-25', scenarios: LEGACY_SCENARIOS },
  {
    suite: '0.2.0-alpha.12',
    revision: '2025-11-25',
    scenarios: [...LEGACY_SCENARIOS, 'server-session-lifecycle'],
  },
  {
    suite: '0.2.0-alpha.12',
    revision: '2026-07-28',
    scenarios: [
      'server-stateless',
      'tools-list',
      'caching',
      'dns-rebinding-protection',
      'server-sse-multiple-streams',
      'http-header-validation',
      // Any server with resources: a read of a URI it does not have.
      'sep-2164-resource-not-found',
    ],
  },
] as const

/**
 * Checks inside the protocol-level scenarios that still need something we do not offer. Any
 * other failed check fails the test.
 */
const NOT_APPLICABLE: Record<string, string> = {
  // We declare no logging capability: the server emits no log messages (2025-11-25 only).
  'logging-set-level': 'no logging capability',
  'sep-2575-server-rejects-undeclared-capability': 'needs the test_missing_capability tool',
  'sep-2575-missing-capability-http-400': 'needs the test_missing_capability tool',
  'sep-2575-http-server-no-independent-requests-on-stream':
    'needs the test_streaming_elicitation tool',
  'sep-2575-server-no-log-without-loglevel': 'needs the test_logging_tool tool',
  'sep-2549-prompts-list-caching-hints': 'needs prompts (we declare none, and answer -32601)',
}

interface Check {
  id: string
  status: 'SUCCESS' | 'FAILURE' | 'WARNING' | 'INFO' | 'SKIPPED'
  errorMessage?: string
}

const run = promisify(execFile)
let backend: MemoryBackend
let http: McpTestServer
let out: string

beforeAll(async () => {
  backend = new MemoryBackend([{ name: 'weather', replicas: 0 }])
  http = await startMcpTestServer({ backend })
  out = mkdtempSync(join(tmpdir(), 'mcp-conformance-'))
})

afterAll(async () => {
  await http.close()
  rmSync(out, { recursive: true, force: true })
})

/** Runs one scenario as a process, bounded in time, and returns the checks it wrote. */
async function runScenario(suite: keyof typeof SUITES, revision: string, scenario: string) {
  const dir = join(out, `${suite}-${revision}-${scenario}`)
  const cli = fileURLToPath(new URL(SUITES[suite], import.meta.url))
  const args = ['server', '--url', http.url.href, '--scenario', scenario, '-o', dir]
  // 0.1.16 predates --spec-version: it runs every scenario on 2025-11-25.
  if (suite !== '0.1.16') args.push('--spec-version', revision)
  await run(process.execPath, [cli, ...args], { timeout: 60_000 }).catch((error: unknown) => {
    // A failed check exits 1; the checks are judged below. A timeout or crash writes none.
    if ((error as { killed?: boolean }).killed) throw error
  })
  const [result] = readdirSync(dir)
  return JSON.parse(readFileSync(join(dir, result!, 'checks.json'), 'utf8')) as Check[]
}

describe.each(RUNS)('conformance $suite, revision $revision', { timeout: 180_000 }, (r) => {
  it.each(r.scenarios)('passes %s, but for checks that need fixtures we lack', async (scenario) => {
    const checks = await runScenario(r.suite, r.revision, scenario)
    const failed = checks.filter((c) => c.status === 'FAILURE' && !(c.id in NOT_APPLICABLE))
    expect(failed.map((c) => `${c.id}: ${c.errorMessage}`)).toEqual([])
  })
})
