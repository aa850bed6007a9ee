import { describe, expect, it } from 'vitest'
import { readActivatorSettings } from './manager-settings.ts'

describe('readActivatorSettings', () => {
  it('defaults to loopback pod networks, a queue of 1000 for 60 s, no secret, a reaper every 5 s', () => {
    expect(readActivatorSettings({})).toEqual({
      MCPL_POD_NETWORKS: ['127.0.0.0/8'],
      MCPL_MCP_QUEUE_SIZE: 1000,
      MCPL_MCP_QUEUE_TIMEOUT_SECONDS: 60,
      MCPL_MCP_HEADERS_TIMEOUT_SECONDS: 120,
      MCPL_MCP_MAX_HELD: 2000,
      MCPL_MCP_MAX_HELD_BYTES: 32 * 1024 * 1024,
      MCPL_REAPER: 'on',
      MCPL_REAPER_INTERVAL_SECONDS: 5,
      MCPL_REAPER_LEASE: 'mcp-lifecycle-reaper',
      MCPL_REAPER_LEASE_SECONDS: 15,
      MCPL_ACTIVITY_WRITE_SECONDS: 60,
    })
  })

  it('reads the held requests one principal may hold', () => {
    expect(readActivatorSettings({ MCPL_MCP_MAX_HELD_PER_PRINCIPAL: '50' })).toMatchObject({
      MCPL_MCP_MAX_HELD_PER_PRINCIPAL: 50,
    })
  })

  it('has no pod network by default in a pod (its loopback is the manager itself)', () => {
    expect(readActivatorSettings({ KUBERNETES_SERVICE_HOST: '10.96.0.1' })).toMatchObject({
      MCPL_POD_NETWORKS: [],
    })
    expect(
      readActivatorSettings({
        KUBERNETES_SERVICE_HOST: '10.96.0.1',
        MCPL_POD_NETWORKS: '10.244.0.0/16',
      })
    ).toMatchObject({ MCPL_POD_NETWORKS: ['10.244.0.0/16'] })
  })

  it.each([
    [{ MCPL_POD_NETWORKS: '10.0.0.0' }, /MCPL_POD_NETWORKS/],
    [{ MCPL_POD_NETWORKS: '0.0.0.0/0' }, /MCPL_POD_NETWORKS: 0.0.0.0\/0 is every address/],
    [{ MCPL_POD_NETWORKS: '10.0.0.0/8,169.254.0.0/16' }, /overlaps link-local/],
    [{ MCPL_POD_NETWORKS: '128.0.0.0/1' }, /overlaps link-local/],
    [{ MCPL_POD_NETWORKS: '127.0.0.0/8', KUBERNETES_SERVICE_HOST: '10.96.0.1' }, /loopback/],
    [{ MCPL_SESSION_SECRET: 'short' }, /MCPL_SESSION_SECRET/],
    [{ MCPL_MCP_QUEUE_TIMEOUT_SECONDS: '0' }, /MCPL_MCP_QUEUE_TIMEOUT_SECONDS/],
    [
      { MCPL_MCP_MAX_HELD_PER_PRINCIPAL: '0' },
      /MCPL_MCP_MAX_HELD_PER_PRINCIPAL must be at least 1/,
    ],
    [{ MCPL_REAPER: 'yes' }, /MCPL_REAPER must/],
    [{ MCPL_REAPER_LEASE: 'Reaper' }, /MCPL_REAPER_LEASE/],
    [{ MCPL_REAPER_LEASE_SECONDS: '1' }, /MCPL_REAPER_LEASE_SECONDS/],
  ])('refuses %j naming the variable', (env, message) => {
    expect(() => readActivatorSettings(env)).toThrow(message)
  })
})
