import { describe, expect, it } from 'vitest'
import { secureOperations } from './secure-operations.ts'

const ok = { 200: { description: 'OK' } }

type Paths = Record<string, Record<string, { security?: unknown; responses: object }>>

function secured(): Paths {
  return secureOperations<{ paths: Paths }>({
    paths: {
      '/servers': { get: { responses: { ...ok } } },
      '/servers/{name}/start': { post: { responses: { ...ok } } },
      '/hooks/{source}': {
        post: { responses: { ...ok, 401: { description: 'Missing or wrong signature' } } },
      },
      '/mcp': { post: { responses: { ...ok } } },
    },
  }).paths
}

describe('secureOperations', () => {
  it.each([
    ['/servers', 'get', 'bearer', ['200', '401', '403']],
    ['/servers/{name}/start', 'post', 'bearer', ['200', '401', '403', '413', '429']],
    ['/hooks/{source}', 'post', 'webhookSignature', ['200', '401', '403', '413', '429']],
    // JSON-RPC: a refusal or the rate limit is an error inside a 200 answer.
    ['/mcp', 'post', 'bearer', ['200', '401', '413']],
  ])('%s %s asks %s and lists %j', (path, method, scheme, statuses) => {
    const operation = secured()[path]![method]!
    expect(operation.security).toEqual([{ [scheme]: [] }])
    expect(Object.keys(operation.responses)).toEqual(statuses)
  })

  it("keeps a route's own description of a status", () => {
    const hook = secured()['/hooks/{source}']!.post!.responses as Record<string, unknown>
    expect(hook['401']).toEqual({ description: 'Missing or wrong signature' })
    expect(hook['403']).toEqual({ $ref: '#/components/responses/Forbidden' })
  })
})
