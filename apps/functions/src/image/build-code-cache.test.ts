import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'

const builder = fileURLToPath(new URL('../../image/build-code-cache.cjs', import.meta.url))
const scratch = mkdtempSync(join(tmpdir(), 'mcpl-code-cache-'))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

describe('build-code-cache.cjs', () => {
  it('gives up, and fails the image build, when the function never reports healthy', () => {
    // A stand-in bundle that listens but answers every request 503.
    const bundle = join(scratch, 'function.cjs')
    writeFileSync(
      bundle,
      "require('node:http').createServer((q, s) => { s.statusCode = 503; s.end() }).listen(+process.env.PORT, '127.0.0.1')"
    )
    const built = spawnSync(process.execPath, [builder, bundle], {
      encoding: 'utf8',
      timeout: 60_000,
    })
    expect(built.signal, 'ended by itself, not by the test').toBeNull()
    expect(built.status).toBe(1)
    expect(built.stderr).toContain('did not answer /healthz')
  }, 70_000)
})
