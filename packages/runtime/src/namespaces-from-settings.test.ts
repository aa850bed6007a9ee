import { describe, expect, it } from 'vitest'
import { createRuntime } from './create-runtime.ts'
import { writeTestKubeconfig } from './testing/write-kubeconfig.ts'

const kubeconfig = writeTestKubeconfig('mcpl-namespaces-')
const runtimeWith = (env: Record<string, string>) =>
  createRuntime({ KUBECONFIG: kubeconfig, MCPL_AUTH: 'none', MCPL_LOG_LEVEL: 'silent', ...env })

describe('MCPL_NAMESPACES', () => {
  it('unset: the default namespace alone, as before', () => {
    const { namespaces } = runtimeWith({ MCPL_NAMESPACE: 'mcp' })
    expect(namespaces.known()).toEqual(['mcp'])
    expect(namespaces.scope('team-a')).toBeUndefined()
  })

  it('a list: one scope per namespace, each confined to it', () => {
    const runtime = runtimeWith({ MCPL_NAMESPACE: 'mcp', MCPL_NAMESPACES: 'team-a,mcp' })
    expect(runtime.namespaces.known()).toEqual(['mcp', 'team-a'])
    expect(runtime.namespacePorts.map((p) => [p.namespace, p.adapter.namespace])).toEqual([
      ['team-a', 'team-a'],
      ['mcp', 'mcp'],
    ])
    expect(runtime.namespaces.scope('team-b')).toBeUndefined()
  })

  it('refuses a list without the default namespace, saying why', () => {
    expect(() => runtimeWith({ MCPL_NAMESPACE: 'mcp', MCPL_NAMESPACES: 'team-a' })).toThrow(
      /MCPL_NAMESPACES must include the default namespace 'mcp'/
    )
  })
})
