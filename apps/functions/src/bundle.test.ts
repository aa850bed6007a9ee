import { spawnSync } from 'node:child_process'
import {
  copyFileSync,
  cpSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs'
import { join } from 'node:path'
import { wrap } from 'node:module'
import { fileURLToPath } from 'node:url'
import vm from 'node:vm'
import { beforeAll, describe, expect, it } from 'vitest'
import { modifiedTime, ensureFreshFunctionBundles, READ_ONLY } from './image/bundle-inputs.ts'
import { FUNCTIONS_DOCKERFILE, imageNodeOptions } from './image/node-options.ts'
import { expectCommonEndpoints } from './image/expect-common-endpoints.ts'
import { bundleRunEnv, useBundleScratch } from './testing/bundle-scratch.ts'
import { startUntilListening, stopCleanly, type Started } from './image/start-until-listening.ts'

// What the container image of a function holds (apps/functions/Dockerfile) is Node.js, one
// bundle, dist/<function>.cjs, the file that runs it (main.cjs) and V8's code cache of the bundle,
// made at image build time by build-code-cache.cjs. These tests run each bundle the way the image
// does: alone in a directory (no node_modules to fall back on), with plain node, under Node's
// permission model with no write access at all (the image runs on a read-only root filesystem).

const functionsDir = fileURLToPath(new URL('..', import.meta.url))
const distDir = join(functionsDir, 'dist')

/** The function entries: every source in src/ but the tests, so a new function is covered at once. */
function functionEntries(): string[] {
  return readdirSync(join(functionsDir, 'src'))
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts'))
    .map((file) => file.slice(0, -'.ts'.length))
}
const FUNCTIONS = functionEntries()

const scratch = useBundleScratch('mcpl-bundle-')
let inputsModified: number
let webhookSecrets: string
let loadedBuiltinsReport: string

beforeAll(() => {
  inputsModified = ensureFreshFunctionBundles(FUNCTIONS)
  // Preloaded where a test asks: the modules Node loaded, printed as the process exits.
  loadedBuiltinsReport = join(scratch.dir, 'loaded-builtins.cjs')
  writeFileSync(
    loadedBuiltinsReport,
    "process.on('exit', () => process.stderr.write('\\nLOADED ' + JSON.stringify(process.moduleLoadList) + '\\n'))"
  )
  // Read by the hooks function only; the others ignore the variable.
  webhookSecrets = join(scratch.dir, 'webhook-secrets.json')
  writeFileSync(webhookSecrets, JSON.stringify({ github: 'bundle-test-secret' }))
}, 120_000)

/** A directory laid out as the image's /app: the bundle, main.cjs, the Swagger UI files. */
function imageDir(name: string): string {
  const appDir = mkdtempSync(join(scratch.dir, `${name}-`))
  copyFileSync(join(distDir, `${name}.cjs`), join(appDir, 'function.cjs'))
  // main.cjs runs it; build-code-cache.cjs is the build step (its own stage in the Dockerfile),
  // with its stand-in API server's key and certificate.
  for (const file of ['main.cjs', 'build-code-cache.cjs', 'warm-up-tls.json'])
    copyFileSync(join(distDir, file), join(appDir, file))
  // As the Dockerfile does: the Swagger UI files beside the bundle.
  cpSync(join(distDir, 'swagger-ui-dist'), join(appDir, 'swagger-ui-dist'), { recursive: true })
  return appDir
}

/** The image's environment (Dockerfile ENV) in `appDir`. */
const imageEnv = () => ({
  NODE_ENV: 'production',
  NODE_OPTIONS: imageNodeOptions(FUNCTIONS_DOCKERFILE),
})

/** The Dockerfile's code-cache stage: `node build-code-cache.cjs function.cjs`, nothing inherited. */
function buildCodeCache(appDir: string, env: Record<string, string> = {}) {
  return spawnSync(process.execPath, ['build-code-cache.cjs', 'function.cjs'], {
    cwd: appDir,
    env: { ...imageEnv(), ...env },
    encoding: 'utf8',
    timeout: 30_000,
  })
}

/** One image directory per function, its code cache built once, shared by the tests. */
const builtImages = new Map<string, { appDir: string; built: ReturnType<typeof buildCodeCache> }>()
function builtImageDir(name: string) {
  let image = builtImages.get(name)
  if (!image) {
    const appDir = imageDir(name)
    image = { appDir, built: buildCodeCache(appDir) }
    builtImages.set(name, image)
  }
  return image
}

/** Starts one bundle as the image does (`node /app/main.cjs`) and waits for its "listening" log line. */
function startBundle(
  name: string,
  appDir = builtImageDir(name).appDir,
  nodeArgs: string[] = []
): Promise<Started> {
  return startUntilListening(
    [...READ_ONLY, ...nodeArgs, 'main.cjs'],
    appDir,
    { ...imageEnv(), ...bundleRunEnv(appDir, scratch), MCPL_WEBHOOK_SECRETS_FILE: webhookSecrets },
    name
  )
}

describe('function bundles', () => {
  it('are built by the current build, one for every function entry', () => {
    expect(FUNCTIONS).toEqual(
      expect.arrayContaining(['list', 'status', 'start', 'stop', 'scale', 'mcp', 'hooks'])
    )
    for (const name of FUNCTIONS) {
      expect(modifiedTime(join(distDir, `${name}.cjs`)), name).toBeGreaterThan(inputsModified)
    }
  })

  it("carry none of client-node's generated API classes or its model serializer", () => {
    // The adapter calls the API server through its own table of requests (api-clients.ts):
    // these were half of every bundle, read and run at each cold start for nothing.
    for (const name of FUNCTIONS) {
      const bundle = readFileSync(join(distDir, `${name}.cjs`), 'utf8')
      expect(bundle.includes('/v1/namespaces/{namespace}/'), `${name}: a request factory`).toBe(
        false
      )
      expect(bundle.includes('"V1PodSpec"'), `${name}: the serializer's type map`).toBe(false)
    }
  })

  it('run where nothing may be written (the permission model really refuses writes)', () => {
    const probe = spawnSync(
      process.execPath,
      [
        ...READ_ONLY,
        '-e',
        `require('node:fs').writeFileSync(${JSON.stringify(join(scratch.dir, 'x'))}, '1')`,
      ],
      {
        encoding: 'utf8',
      }
    )
    expect(probe.status).not.toBe(0)
    expect(probe.stderr).toContain('ERR_ACCESS_DENIED')
  })

  it.concurrent.for(FUNCTIONS)(
    '%s: the image build writes its code cache after a warm-up, and the function starts with it',
    { timeout: 30_000 },
    async (name, { expect }) => {
      const { appDir, built } = builtImageDir(name)
      expect(built.status, built.stderr).toBe(0)
      expect(built.stdout, 'the function logs nothing while warmed up').toBe('')
      // Its calls reached the stand-in API server, as a real one is reached: over TLS.
      expect(built.stderr).toMatch(/the stand-in API server answered [1-9]\d* requests over TLS/)
      // Taken after the warm-up: it holds far more than the bundle's top-level code, which is all
      // a cache taken at compile time (Node's own compile cache) holds.
      const source = readFileSync(join(appDir, 'function.cjs'), 'utf8')
      const atCompile = new vm.Script(wrap(source)).createCachedData().length
      const cache = statSync(join(appDir, 'function.cjs.code-cache')).size
      expect(cache).toBeGreaterThan(2 * atCompile)
      const started = await startBundle(name, appDir)
      expect(await stopCleanly(started, expect)).not.toContain('MCPL_CODE_CACHE_REJECTED')
    }
  )

  it.concurrent.for(FUNCTIONS)(
    "%s serves its first requests without loading Node's own copy of undici, nor node:http2",
    { timeout: 30_000 },
    async (name, { expect }) => {
      // Node's fetch globals load a second undici (~30 ms of a cold start) when touched; the
      // bundle carries its own (bundle-plugins.mjs, oneUndici). node:http2 (5-8 ms) has no use in
      // a function: it serves HTTP/1.1 and calls the API server with node:https (/readyz does).
      // Node lists what it loaded.
      const started = await startBundle(name, undefined, ['--require', loadedBuiltinsReport])
      const base = `http://127.0.0.1:${started.port}`
      for (const path of ['/healthz', '/readyz', '/metrics', '/servers', '/servers/x'])
        await (await fetch(base + path)).arrayBuffer()
      const report = /^LOADED (.*)$/m.exec(await stopCleanly(started, expect))?.[1]
      expect(report, started.output()).toBeDefined()
      const loaded = JSON.parse(report!)
      expect(loaded).not.toContain('NativeModule internal/deps/undici/undici')
      expect(loaded).toContain('NativeModule https')
      expect(loaded).not.toContain('NativeModule http2')
    }
  )

  it('starts without its code cache when V8 rejects it, and says so', async () => {
    const appDir = imageDir('list')
    // Not a cache V8 made for this bundle (as one from another Node version would be).
    writeFileSync(join(appDir, 'function.cjs.code-cache'), Buffer.alloc(4096, 1))
    const started = await startBundle('list', appDir)
    const health = await fetch(`http://127.0.0.1:${started.port}/healthz`)
    expect(health.status, started.output()).toBe(200)
    expect(await stopCleanly(started, expect)).toContain('MCPL_CODE_CACHE_REJECTED')
    // The build step replaces such a cache without reading it.
    const rebuilt = buildCodeCache(appDir)
    expect(rebuilt.status, rebuilt.stderr).toBe(0)
    expect(rebuilt.stderr).not.toContain('MCPL_CODE_CACHE_REJECTED')
    const again = await startBundle('list', appDir)
    expect(await stopCleanly(again, expect)).not.toContain('MCPL_CODE_CACHE_REJECTED')
  })

  it.concurrent.for(FUNCTIONS)(
    '%s starts alone with plain node, answers /healthz, reports the unreachable cluster on /readyz, stops on SIGTERM',
    { timeout: 30_000 },
    async (name, { expect }) => {
      const started = await startBundle(name)
      try {
        const base = `http://127.0.0.1:${started.port}`
        const paths = await expectCommonEndpoints(base, started.output, expect)
        expect(paths.length, 'documented routes').toBeGreaterThan(0)
        // The API page works without internet: its assets come from beside the bundle.
        const asset = await fetch(`${base}/docs/swagger-ui-bundle.js`)
        expect(asset.status, started.output()).toBe(200)
        await asset.arrayBuffer()
      } finally {
        started.stop()
      }
      expect(await started.exited, started.output()).toBe(0)
      expect(started.output()).not.toContain('ERR_ACCESS_DENIED')
    }
  )
})
