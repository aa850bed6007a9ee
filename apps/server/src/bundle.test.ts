import { execFileSync, spawnSync } from 'node:child_process'
import { copyFileSync, cpSync, existsSync, mkdtempSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { beforeAll, describe, expect, it } from 'vitest'
import {
  modifiedTime,
  MANAGER_BUILD_FILES,
  newestBundleInput,
  READ_ONLY,
} from '../../functions/src/image/bundle-inputs.ts'
import { imageMemoryEnv, MANAGER_DOCKERFILE } from '../../functions/src/image/node-options.ts'
import { expectCommonEndpoints } from '../../functions/src/image/expect-common-endpoints.ts'
import { bundleRunEnv, useBundleScratch } from '../../functions/src/testing/bundle-scratch.ts'
import { startUntilListening } from '../../functions/src/image/start-until-listening.ts'
import type { Started } from '../../functions/src/image/start-until-listening.ts'

// What the manager's container image holds (apps/server/Dockerfile) is Node.js, one file,
// dist/manager.mjs, the files it reads from beside itself (the dashboard's page/, Swagger UI's
// swagger-ui-dist/) and Node's compile cache of the bundle, built at image build time. These
// tests run the bundle the way the image does: alone in a directory laid out as the image's /app
// (no node_modules to fall back on), with plain node and the image's NODE_OPTIONS, under Node's
// permission model with no write access at all (a read-only root filesystem), as
// apps/functions/src/bundle.test.ts does for the functions.

const serverDir = fileURLToPath(new URL('..', import.meta.url))
const distDir = join(serverDir, 'dist')
const BUNDLE = join(distDir, 'manager.mjs')

/** Rebuilds dist/ (a few seconds) unless the bundle is newer than every input; returns the newest input's time. */
function ensureFreshBundle(): number {
  const newest = newestBundleInput(MANAGER_BUILD_FILES)
  if (modifiedTime(BUNDLE) <= newest) {
    execFileSync(process.execPath, ['build.mjs'], { cwd: serverDir, stdio: 'pipe' })
  }
  return newest
}

// Its cluster never answers: start-up must not need one (the cache keeps retrying).
const scratch = useBundleScratch('mcpl-manager-bundle-')
let inputsModified: number

beforeAll(() => {
  inputsModified = ensureFreshBundle()
}, 120_000)

/** A directory laid out as the image's /app: the bundle, the page, the Swagger UI files. */
function imageDir(): string {
  const appDir = mkdtempSync(join(scratch.dir, 'app-'))
  copyFileSync(BUNDLE, join(appDir, 'manager.mjs'))
  // As the Dockerfile does: the dashboard's page and the Swagger UI files beside the bundle.
  cpSync(join(distDir, 'page'), join(appDir, 'page'), { recursive: true })
  cpSync(join(distDir, 'swagger-ui-dist'), join(appDir, 'swagger-ui-dist'), { recursive: true })
  return appDir
}

/** The image's environment (Dockerfile ENV) in `appDir`. */
const imageEnv = (appDir: string) => ({
  NODE_ENV: 'production',
  NODE_COMPILE_CACHE: join(appDir, 'compile-cache'),
  ...imageMemoryEnv(MANAGER_DOCKERFILE),
})

/** The Dockerfile's build step: `node manager.mjs --build-compile-cache`. */
function buildCompileCache(appDir: string, env: Record<string, string> = {}) {
  return spawnSync(process.execPath, ['manager.mjs', '--build-compile-cache'], {
    cwd: appDir,
    env: { ...imageEnv(appDir), ...env },
    encoding: 'utf8',
  })
}

/** Starts the bundle as the image does (`node /app/manager.mjs`) and waits for its "listening" log line. */
function startBundle(): Promise<Started> {
  const appDir = imageDir()
  const cache = buildCompileCache(appDir)
  if (cache.status !== 0) throw new Error(`--build-compile-cache failed\n${cache.stderr}`)
  return startUntilListening(
    [...READ_ONLY, 'manager.mjs'],
    appDir,
    { ...imageEnv(appDir), ...bundleRunEnv(appDir, scratch) },
    'manager'
  )
}

describe('manager bundle', () => {
  it('is built by the current build, with the files it reads from beside itself', () => {
    expect(modifiedTime(BUNDLE)).toBeGreaterThan(inputsModified)
    expect(existsSync(join(distDir, 'page', 'index.html'))).toBe(true)
    expect(existsSync(join(distDir, 'swagger-ui-dist', 'swagger-ui-bundle.js'))).toBe(true)
  })

  it('writes its compile cache at build time without starting, and the next run accepts it', () => {
    const appDir = imageDir()
    const built = buildCompileCache(appDir)
    expect(built.status, built.stderr).toBe(0)
    expect(built.stdout, 'nothing started').toBe('')
    expect(readdirSync(join(appDir, 'compile-cache')).length).toBe(1)
    const again = buildCompileCache(appDir, { NODE_DEBUG_NATIVE: 'COMPILE_CACHE' })
    expect(again.status, again.stderr).toBe(0)
    expect(again.stderr).toMatch(/V8 code cache for ESM \S+manager\.mjs was accepted/)
  }, 30_000)

  it('starts alone with plain node and the image NODE_OPTIONS, serves the API, its document and the dashboard, stops on SIGTERM', async () => {
    const started = await startBundle()
    try {
      const base = `http://127.0.0.1:${started.port}`
      const paths = await expectCommonEndpoints(base, started.output, expect)
      // Every operation in one app: the functions' routes, MCP, webhooks and CloudEvents.
      expect(paths).toEqual(
        expect.arrayContaining([
          '/servers',
          '/servers/{name}/start',
          '/mcp',
          '/hooks/{source}',
          '/events',
        ])
      )
      // The API page works without internet: its assets come from beside the bundle.
      const asset = await fetch(`${base}/docs/swagger-ui-bundle.js`)
      expect(asset.status, started.output()).toBe(200)
      await asset.arrayBuffer()
      // The dashboard's page and its scripts, read from page/ beside the bundle.
      const page = await fetch(`${base}/`)
      expect(page.status, started.output()).toBe(200)
      expect(page.headers.get('content-type')).toMatch(/^text\/html/)
      expect(await page.text()).toContain('/dashboard/dashboard.js')
      const script = await fetch(`${base}/dashboard/dashboard.js`)
      expect(script.status, started.output()).toBe(200)
      await script.arrayBuffer()
    } finally {
      started.stop()
    }
    expect(await started.exited, started.output()).toBe(0)
    expect(started.output()).not.toContain('ERR_ACCESS_DENIED')
  }, 30_000)
})
