import { execFileSync, spawn, spawnSync } from 'node:child_process'
import {
  copyFileSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

// What the container image of a function holds (apps/functions/Dockerfile) is Node.js and one
// file, dist/<function>.mjs. These tests run each bundle the way the image does: alone in an
// empty directory (no node_modules to fall back on), with plain node, under Node's permission
// model with no write access at all (the image runs on a read-only root filesystem).

const functionsDir = fileURLToPath(new URL('..', import.meta.url))
const repoDir = fileURLToPath(new URL('../../..', import.meta.url))
const distDir = join(functionsDir, 'dist')

/** The entries of build.mjs, read from its FUNCTIONS list so a new function is covered at once. */
function bundledFunctions(): string[] {
  const source = readFileSync(join(functionsDir, 'build.mjs'), 'utf8')
  const list = /export const FUNCTIONS = \[([^\]]*)\]/.exec(source)?.[1]
  if (!list) throw new Error('build.mjs: no `export const FUNCTIONS = [...]`')
  return [...list.matchAll(/'([^']+)'|"([^"]+)"/g)].map((m) => (m[1] ?? m[2])!)
}
const FUNCTIONS = bundledFunctions()

/** Newest modification time of the bundles' inputs (sources, manifests, lockfile, build script). */
function newestInput(): number {
  let newest = 0
  const visit = (path: string) => {
    const stat = statSync(path)
    if (stat.isDirectory()) {
      for (const entry of readdirSync(path)) if (entry !== 'node_modules') visit(join(path, entry))
    } else if (!path.endsWith('.test.ts')) {
      newest = Math.max(newest, stat.mtimeMs)
    }
  }
  for (const group of ['packages', 'apps']) {
    for (const pkg of readdirSync(join(repoDir, group))) {
      const src = join(repoDir, group, pkg, 'src')
      if (existsSync(src)) visit(src)
      const manifest = join(repoDir, group, pkg, 'package.json')
      if (existsSync(manifest)) visit(manifest)
    }
  }
  visit(join(functionsDir, 'build.mjs'))
  visit(join(repoDir, 'pnpm-lock.yaml'))
  return newest
}

/** Rebuilds dist/ (~5 s) unless every bundle is newer than every input. */
function ensureFreshBundles(): void {
  const bundles = FUNCTIONS.map((name) => join(distDir, `${name}.mjs`))
  const oldest = Math.min(...bundles.map((b) => (existsSync(b) ? statSync(b).mtimeMs : 0)))
  if (oldest > newestInput()) return
  execFileSync(process.execPath, ['build.mjs'], { cwd: functionsDir, stdio: 'pipe' })
}

let scratch: string
let kubeconfig: string
let webhookSecrets: string

beforeAll(() => {
  ensureFreshBundles()
  scratch = mkdtempSync(join(tmpdir(), 'mcpl-bundle-'))
  // A cluster that never answers: start-up must not need one.
  kubeconfig = join(scratch, 'kubeconfig')
  writeFileSync(
    kubeconfig,
    [
      'apiVersion: v1',
      'kind: Config',
      "clusters: [{name: c, cluster: {server: 'https://127.0.0.1:1', insecure-skip-tls-verify: true}}]",
      'users: [{name: u, user: {token: not-a-token}}]',
      'contexts: [{name: c, context: {cluster: c, user: u, namespace: default}}]',
      'current-context: c',
    ].join('\n')
  )
  // Read by the hooks function only; the others ignore the variable.
  webhookSecrets = join(scratch, 'webhook-secrets.json')
  writeFileSync(webhookSecrets, JSON.stringify({ github: 'bundle-test-secret' }))
}, 120_000)

afterAll(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true })
})

/** Node's permission model: read anything, write nothing (no fs writes, no workers, no child processes). */
const READ_ONLY = ['--permission', '--allow-fs-read=*']

interface Started {
  port: number
  exited: Promise<number | null>
  stop: () => void
  output: () => string
}

/** Starts one bundle as the image does (`node /app/function.mjs`) and waits for its "listening" log line. */
function startBundle(name: string): Promise<Started> {
  const appDir = mkdtempSync(join(scratch, `${name}-`))
  copyFileSync(join(distDir, `${name}.mjs`), join(appDir, 'function.mjs'))
  const child = spawn(process.execPath, [...READ_ONLY, 'function.mjs'], {
    cwd: appDir,
    // Only what the manifests set (plus a reachable-nowhere cluster): nothing inherited.
    env: {
      NODE_ENV: 'production',
      HOME: appDir,
      PORT: '0',
      HOST: '127.0.0.1',
      MCPL_AUTH: 'none',
      MCPL_WEBHOOK_SECRETS_FILE: webhookSecrets,
      MCPL_SHUTDOWN_GRACE_SECONDS: '1',
      MCPL_LOG_LEVEL: 'info',
      KUBECONFIG: kubeconfig,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stdout = ''
  let stderr = ''
  const output = () => `stdout:\n${stdout}\nstderr:\n${stderr}`
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code))
  )
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`${name}: no "listening" log line within 15 s\n${output()}`))
    }, 15_000)
    child.stderr.on('data', (chunk) => (stderr += chunk))
    child.stdout.on('data', (chunk) => {
      stdout += chunk
      for (const line of stdout.split('\n')) {
        let record: { port?: unknown; msg?: unknown }
        try {
          record = JSON.parse(line)
        } catch {
          continue
        }
        if (typeof record.port === 'number' && /listening/.test(String(record.msg))) {
          clearTimeout(timer)
          resolve({ port: record.port, exited, stop: () => child.kill('SIGTERM'), output })
          return
        }
      }
    })
    void exited.then((code) => {
      clearTimeout(timer)
      reject(new Error(`${name}: exited with ${code} before listening\n${output()}`))
    })
  })
}

describe('function bundles', () => {
  it('are built for every function', () => {
    expect(FUNCTIONS).toEqual(
      expect.arrayContaining(['list', 'status', 'start', 'stop', 'scale', 'mcp'])
    )
    for (const name of FUNCTIONS) expect(existsSync(join(distDir, `${name}.mjs`)), name).toBe(true)
  })

  it('run where nothing may be written (the permission model really refuses writes)', () => {
    const probe = spawnSync(
      process.execPath,
      [
        ...READ_ONLY,
        '-e',
        `require('node:fs').writeFileSync(${JSON.stringify(join(scratch, 'x'))}, '1')`,
      ],
      {
        encoding: 'utf8',
      }
    )
    expect(probe.status).not.toBe(0)
    expect(probe.stderr).toContain('ERR_ACCESS_DENIED')
  })

  it.concurrent.for(FUNCTIONS)(
    '%s starts alone with plain node, answers /healthz, reports the unreachable cluster on /readyz, stops on SIGTERM',
    { timeout: 30_000 },
    async (name, { expect }) => {
      const started = await startBundle(name)
      try {
        const base = `http://127.0.0.1:${started.port}`
        const health = await fetch(`${base}/healthz`)
        expect(health.status, started.output()).toBe(200)
        expect(await health.json()).toEqual({ status: 'ok' })
        // The Kubernetes backend is wired in: readiness asks the (unreachable) cluster.
        const ready = await fetch(`${base}/readyz`)
        expect(ready.status, started.output()).toBe(503)
        await ready.arrayBuffer()
        const metrics = await fetch(`${base}/metrics`)
        expect(metrics.status, started.output()).toBe(200)
        expect(await metrics.text()).toContain('mcpl_http_requests_total')
      } finally {
        started.stop()
      }
      expect(await started.exited, started.output()).toBe(0)
      expect(started.output()).not.toContain('ERR_ACCESS_DENIED')
    }
  )
})

/** The Dockerfile's instructions, comments dropped and continuation lines joined, per stage. */
function dockerfileStages(
  text: string
): { from: string; name?: string; instructions: { op: string; args: string }[] }[] {
  const logical = text
    .split('\n')
    .filter((line) => !/^\s*#/.test(line))
    .join('\n')
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
  const stages: ReturnType<typeof dockerfileStages> = []
  for (const line of logical) {
    const [, op = '', args = ''] = /^(\S+)\s*(.*)$/.exec(line) ?? []
    if (op.toUpperCase() === 'FROM') {
      const [, image = '', name] = /^(?:--\S+\s+)*(\S+)(?:\s+AS\s+(\S+))?/i.exec(args) ?? []
      stages.push({ from: image, ...(name && { name }), instructions: [] })
    } else {
      stages.at(-1)?.instructions.push({ op: op.toUpperCase(), args })
    }
  }
  return stages
}

describe('apps/functions/Dockerfile', () => {
  const stages = dockerfileStages(readFileSync(join(functionsDir, 'Dockerfile'), 'utf8'))
  const build = stages[0]!
  const final = stages.at(-1)!
  const of = (stage: typeof final, op: string) =>
    stage.instructions.filter((i) => i.op === op).map((i) => i.args)

  it('is multi-stage: the workspace is installed from the lockfile and bundled in a Node 24 build stage', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2)
    expect(build.from).toMatch(/^node:24/)
    expect(build.name).toBeDefined()
    const run = of(build, 'RUN').join('\n')
    expect(run).toMatch(/pnpm install --frozen-lockfile/)
    expect(run).toMatch(/pnpm --filter @mcp-lifecycle\/functions build/)
  })

  it('copies only dist/${FUNCTION}.mjs into a Node 24 final stage, as /app/function.mjs', () => {
    expect(final.from).toMatch(/nodejs24|^node:24/)
    expect(of(final, 'ARG')).toContain('FUNCTION')
    const copies = of(final, 'COPY')
    expect(copies.length).toBeGreaterThan(0)
    for (const copy of copies) {
      const words = copy.split(/\s+/)
      expect(words).toContain(`--from=${build.name}`)
      const paths = words.filter((w) => !w.startsWith('--'))
      const destination = paths.pop()
      expect(paths.length).toBeGreaterThan(0)
      for (const source of paths)
        expect(source).toMatch(/\/apps\/functions\/dist\/\$\{FUNCTION\}\.mjs(\.map)?$/)
      expect(destination).toMatch(/^\/app\//)
    }
    expect(copies.join(' ')).toMatch(/\$\{FUNCTION\}\.mjs \/app\/function\.mjs/)
    expect(of(final, 'ADD')).toEqual([])
    expect([...of(final, 'ENTRYPOINT'), ...of(final, 'CMD')].join(' ')).toContain(
      '"/app/function.mjs"'
    )
  })

  it('runs as a numeric non-root user, with NODE_ENV=production and PORT=8080', () => {
    const user = of(final, 'USER').at(-1)
    // Numeric, so the kubelet can enforce runAsNonRoot; not uid 0.
    expect(user).toMatch(/^[1-9]\d*(:\d+)?$/)
    const env = of(final, 'ENV').join(' ')
    expect(env).toMatch(/\bNODE_ENV=production\b/)
    expect(env).toMatch(/\bPORT=8080\b/)
    expect(of(final, 'EXPOSE')).toContain('8080')
    expect(of(final, 'RUN')).toEqual([])
  })

  it('has an ignore file keeping node_modules, dist and .git out of the build context', () => {
    const ignored = readFileSync(join(functionsDir, 'Dockerfile.dockerignore'), 'utf8')
      .split('\n')
      .map((l) => l.trim())
    for (const pattern of ['**/node_modules', '**/dist', '.git']) expect(ignored).toContain(pattern)
  })
})

describe('deployment manifests', () => {
  // Every bundle has a Knative Service and a plain Deployment running its image; the server
  // side checks of these files are in packages/k8s-adapter/src/infra-manifests.cluster.test.ts.
  for (const file of ['infra/knative/functions.yaml', 'infra/k8s/functions.yaml']) {
    it(`${file} runs the image of every function`, () => {
      const text = readFileSync(join(repoDir, file), 'utf8')
      for (const name of FUNCTIONS) {
        expect(text, name).toContain(`name: mcp-lifecycle-${name}\n`)
        expect(text, name).toContain(`image: ghcr.io/mcp-lifecycle/${name}:0.1.0`)
      }
    })
  }
})
