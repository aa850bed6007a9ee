import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { describe, expect, it, onTestFinished } from 'vitest'

const MAIN = fileURLToPath(new URL('./main.ts', import.meta.url))

describe('main', () => {
  it('prints the listening line, and exits when stdin closes (its harness died)', async () => {
    const child = spawn(process.execPath, [MAIN, '--port', '0', '--exit-with-stdin'], {
      stdio: 'pipe',
    })
    onTestFinished(() => void child.kill())
    const [line] = (await once(createInterface({ input: child.stdout }), 'line')) as [string]
    expect(line).toMatch(/^listening on http:\/\/127\.0\.0\.1:\d+\/mcp \(stateful, pod /)
    const exited = once(child, 'exit')
    child.stdin.end()
    expect(await exited).toEqual([0, null])
  })

  it('exits 2 on a bad flag, naming it', async () => {
    const child = spawn(process.execPath, [MAIN, '--mode', 'sticky'], { stdio: 'pipe' })
    onTestFinished(() => void child.kill())
    let stderr = ''
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk))
    expect(await once(child, 'exit')).toEqual([2, null])
    expect(stderr).toMatch(/--mode: sticky/)
  })
})
