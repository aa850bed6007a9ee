import {
  LifecycleError,
  ServerTimeout,
  type ErrorKind,
  type ServerStatusView,
} from '@mcp-lifecycle/core'
import { describe, expect, it } from 'vitest'
import { toolError } from './tool-error.ts'

const text = (result: ReturnType<typeof toolError>) =>
  result.content.map((c) => (c.type === 'text' ? c.text : '')).join('\n')

describe('toolError', () => {
  it.each<[ErrorKind, string, string]>([
    [
      'invalid',
      'replicas: must be a number',
      'Invalid arguments for scale_mcp: replicas: must be a number. Correct that argument',
    ],
    ['not-found', 'gone', "No MCP server named 'weather'. Call list_mcp_servers to see the names."],
    [
      'unavailable',
      'Listing MCP servers: the Kubernetes API server cannot be reached.',
      'Service unavailable: Listing MCP servers',
    ],
    ['conflict', 'changed concurrently', 'Call scale_mcp again.'],
    [
      'timeout',
      'the Kubernetes API server timed out.',
      "Call get_mcp_status with name 'weather' to see where it stands",
    ],
  ])('words a %s error with what to do next', (kind, detail, expected) => {
    const result = toolError(new LifecycleError(kind, detail), {
      tool: 'scale_mcp',
      name: 'weather',
    })
    expect(result.isError).toBe(true)
    expect(text(result)).toContain(expected)
    expect(result.structuredContent).toBeUndefined()
  })

  // The same kind has different remedies: Kubernetes refusing the manager is for an operator to
  // fix; the manager refusing the caller (scope, name pattern, a bound) is for the caller.
  it.each<[ErrorKind, boolean, string, string]>([
    ['forbidden', true, 'The manager lacks a Kubernetes permission', 'credential'],
    ['forbidden', false, 'Your credential does not allow this call', 'Role'],
    ['unavailable', true, 'cannot reach its cluster', 'wait_ready'],
    ['unavailable', false, 'call start_mcp with wait_ready false', 'cluster'],
  ])(
    'words a %s error (from Kubernetes: %s) for its cause',
    (kind, fromKubernetes, expected, absent) => {
      const error = new LifecycleError(kind, 'refused', { fromKubernetes })
      const words = text(toolError(error, { tool: 'start_mcp', name: 'weather' }))
      expect(words).toContain(expected)
      expect(words).not.toContain(absent)
    }
  )

  it.each<[ErrorKind, string]>([
    ['unauthorized', 'Connect again with a valid credential'],
    ['method-not-allowed', 'tools/list shows the tools'],
  ])('words a %s error truthfully, though no tool call meets one today', (kind, expected) => {
    const words = text(toolError(new LifecycleError(kind, 'refused'), { tool: 'start_mcp' }))
    expect(words).toContain(expected)
    expect(words).not.toContain('Kubernetes')
  })

  it('carries the last seen status of a timed-out wait as structured content', () => {
    const server: ServerStatusView = {
      name: 'weather',
      status: 'scaling',
      replicas: 3,
      ready_replicas: 1,
      available_replicas: 1,
      updated_replicas: 3,
      endpoints: [],
      last_activity: null,
      conditions: [],
    }
    const error = new ServerTimeout('did not reach', server)
    const result = toolError(error, { tool: 'scale_mcp', name: 'weather', timeout: 30 })
    expect(result.structuredContent).toEqual(server)
    expect(text(result)).toContain(
      "'weather' did not get 3 ready replica(s) within 30s (last seen: scaling, 1/3 ready). It keeps converging in the background"
    )
    expect(JSON.parse(result.content[1]!.type === 'text' ? result.content[1]!.text : '')).toEqual(
      server
    )
  })
})
