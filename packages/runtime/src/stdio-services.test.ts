import { describe, expect, it } from 'vitest'
import { readSettings } from './read-settings.ts'
import { createStdioServices } from './stdio-services.ts'
import { writeTestKubeconfig } from './testing/write-kubeconfig.ts'

const kubeconfig = writeTestKubeconfig('mcpl-stdio-services-')
const servicesOf = (env: Record<string, string>) => {
  const all = { KUBECONFIG: kubeconfig, MCPL_NAMESPACE: 'mcp', ...env }
  return createStdioServices(readSettings(all), all)
}

describe('createStdioServices', () => {
  it('manages the default namespace alone without MCPL_NAMESPACES', () => {
    const { namespaces } = servicesOf({})
    expect(namespaces?.known()).toEqual(['mcp'])
    expect(namespaces?.scope('team-a')).toBeUndefined()
  })

  it('gives each namespace of MCPL_NAMESPACES its own ports, the default one those of the services', () => {
    const services = servicesOf({ MCPL_NAMESPACES: 'mcp,team-a' })
    const { namespaces } = services
    expect(namespaces?.known()).toEqual(['mcp', 'team-a'])
    expect(namespaces?.scope('mcp')?.backend).toBe(services.backend)
    expect(namespaces?.scope('team-a')?.backend).not.toBe(services.backend)
    expect(namespaces?.scope('team-b')).toBeUndefined()
  })

  it("refuses MCPL_NAMESPACES='*', naming the setting", () => {
    expect(() => servicesOf({ MCPL_NAMESPACES: '*' })).toThrow(/MCPL_NAMESPACES='\*'/)
  })
})
