import type { ServerSummary } from '@mcp-lifecycle/core'
import { describe, expect, it } from 'vitest'
import { createPaint } from './colors.ts'
import { renderServers } from './server-table.ts'

const weather: ServerSummary = {
  name: 'weather',
  status: 'scaling',
  replicas: 3,
  ready_replicas: 1,
  endpoints: ['http://10.0.0.1:8080', 'http://weather.example.com:80'],
}
const search: ServerSummary = {
  name: 'search',
  status: 'stopped',
  replicas: 0,
  ready_replicas: 0,
  endpoints: [],
}

describe('renderServers', () => {
  it('shows NAME STATUS READY ENDPOINTS with READY as ready/desired', () => {
    expect(renderServers([weather, search])).toBe(
      [
        'NAME      STATUS    READY   ENDPOINTS',
        'weather   scaling   1/3     http://10.0.0.1:8080,http://weather.example.com:80',
        'search    stopped   0/0     <none>',
        '',
      ].join('\n')
    )
  })

  it('says so when there is no server', () => {
    expect(renderServers([])).toBe('No MCP servers found.\n')
  })

  it('colours the status cell only when painting is on, without moving the columns', () => {
    const coloured = renderServers([weather, search], createPaint(true))
    expect(coloured).toContain('\x1b[36mscaling\x1b[39m   1/3')
    expect(coloured.replace(/\x1b\[\d+m/g, '')).toBe(renderServers([weather, search]))
    expect(renderServers([weather], createPaint(false))).not.toContain('\x1b')
  })
})

describe('renderServers of every namespace', () => {
  it('adds a NAMESPACE column when the servers name theirs', () => {
    const text = renderServers([
      {
        name: 'github',
        namespace: 'team-a',
        status: 'stopped',
        replicas: 0,
        ready_replicas: 0,
        endpoints: [],
      },
    ])
    expect(text.split('\n')[0]).toMatch(/^NAMESPACE\s+NAME\s+STATUS/)
    expect(text.split('\n')[1]).toMatch(/^team-a\s+github\s+stopped/)
  })
})
