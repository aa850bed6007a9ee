import { writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createRuntime } from './create-runtime.ts'
import { writeTestKubeconfig } from './testing/write-kubeconfig.ts'

const kubeconfig = writeTestKubeconfig('mcpl-runtime-')
const dir = dirname(kubeconfig)

describe('createRuntime', () => {
  it('refuses to start without a credential source unless MCPL_AUTH=none is explicit', () => {
    expect(() => createRuntime({ KUBECONFIG: kubeconfig, MCPL_LOG_LEVEL: 'silent' })).toThrow(
      /MCPL_TOKENS_FILE/
    )
  })

  it('with MCPL_AUTH=none, serves 127.0.0.1 only, whatever HOST says', async () => {
    const runtime = createRuntime({
      KUBECONFIG: kubeconfig,
      MCPL_AUTH: 'none',
      HOST: '0.0.0.0',
      MCPL_LOG_LEVEL: 'silent',
    })
    expect(runtime.settings.HOST).toBe('127.0.0.1')
    await expect(runtime.authenticator(undefined)).resolves.toMatchObject({ scope: 'write' })
  })

  it('reads a MCPL_CONFIG file, the environment winning', () => {
    const config = join(dir, 'config.json')
    writeFileSync(config, JSON.stringify({ MCPL_MAX_REPLICAS: 4, MCPL_AUTH: 'none', PORT: 9000 }))
    const runtime = createRuntime({
      KUBECONFIG: kubeconfig,
      MCPL_CONFIG: config,
      PORT: '9100',
      MCPL_LOG_LEVEL: 'silent',
    })
    expect(runtime.limits.maxReplicas).toBe(4)
    expect(runtime.settings.PORT).toBe(9100)
  })
})
