import { describe, expect, it } from 'vitest'
import { discoveredNamespaces } from './discovered-namespaces.ts'
import { MemoryBackend } from './testing/memory-backend.ts'

describe('discoveredNamespaces (every namespace managed)', () => {
  function setup() {
    const holding = new Set(['team-b', 'team-a'])
    const built: string[] = []
    const namespaces = discoveredNamespaces(
      'mcp',
      {
        has: (ns) => holding.has(ns),
        list: () => [...holding].sort(),
        onAdded: () => () => {},
      },
      (namespace) => (built.push(namespace), { namespace, backend: new MemoryBackend() })
    )
    return { holding, built, namespaces }
  }

  it('knows the default namespace and those holding servers, sorted', () => {
    const { namespaces } = setup()
    expect(namespaces.known()).toEqual(['mcp', 'team-a', 'team-b'])
    expect(namespaces.selection).toEqual({ all: true })
  })

  it('builds the ports of a namespace once, and none for a name a request alone brings', () => {
    const { namespaces, built } = setup()
    expect(namespaces.scope('team-a')).toBe(namespaces.scope('team-a'))
    expect(namespaces.scope('kube-system')).toBeUndefined()
    expect(namespaces.scope('mcp')?.namespace).toBe('mcp')
    expect(built).toEqual(['team-a', 'mcp'])
  })

  it('manages a namespace from the moment servers are seen in it', () => {
    const { namespaces, holding } = setup()
    expect(namespaces.scope('team-c')).toBeUndefined()
    holding.add('team-c')
    expect(namespaces.scope('team-c')?.namespace).toBe('team-c')
    expect(namespaces.known()).toContain('team-c')
  })
})
