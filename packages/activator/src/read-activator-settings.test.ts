import { describe, expect, it } from 'vitest'
import { readActivatorSettings } from './read-activator-settings.ts'

describe('readActivatorSettings', () => {
  it('defaults to loopback pod networks, a queue of 100 for 60 s, and no secret', () => {
    expect(readActivatorSettings({})).toEqual({
      MCPL_POD_NETWORKS: ['127.0.0.0/8'],
      MCPL_MCP_QUEUE_SIZE: 100,
      MCPL_MCP_QUEUE_TIMEOUT_SECONDS: 60,
    })
  })

  it.each([
    [{ MCPL_POD_NETWORKS: '10.0.0.0' }, /MCPL_POD_NETWORKS/],
    [{ MCPL_SESSION_SECRET: 'short' }, /MCPL_SESSION_SECRET/],
    [{ MCPL_MCP_QUEUE_TIMEOUT_SECONDS: '0' }, /MCPL_MCP_QUEUE_TIMEOUT_SECONDS/],
  ])('refuses %j naming the variable', (env, message) => {
    expect(() => readActivatorSettings(env)).toThrow(message)
  })
})
