import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll } from 'vitest'
import { writeUnreachableKubeconfig } from '../image/unreachable-kubeconfig.ts'

/** Where one bundle test file lays out its image directories, and the cluster they are given. */
export interface BundleScratch {
  dir: string
  /** A kubeconfig whose cluster never answers: a bundle's start-up must not need one. */
  kubeconfig: string
}

/**
 * Sets up a bundle test file's scratch directory (named after `prefix`) before all its tests and
 * removes it after all. Shared by the bundle tests of the functions and of the manager. The
 * fields are set once the file's beforeAll hooks have run.
 */
export function useBundleScratch(prefix: string): BundleScratch {
  const scratch = {} as BundleScratch
  beforeAll(() => {
    scratch.dir = mkdtempSync(join(tmpdir(), prefix))
    scratch.kubeconfig = writeUnreachableKubeconfig(scratch.dir)
  })
  afterAll(() => {
    if (scratch.dir) rmSync(scratch.dir, { recursive: true, force: true })
  })
  return scratch
}

/**
 * The environment of a bundle run in `appDir`: only what the image and the manifests set, plus
 * `scratch`'s cluster reachable nowhere; nothing inherited.
 */
export function bundleRunEnv(appDir: string, scratch: BundleScratch): Record<string, string> {
  return {
    HOME: appDir,
    PORT: '0',
    HOST: '127.0.0.1',
    MCPL_AUTH: 'none',
    MCPL_SHUTDOWN_GRACE_SECONDS: '1',
    MCPL_LOG_LEVEL: 'info',
    KUBECONFIG: scratch.kubeconfig,
  }
}
