// For the tests that each start from the same servers: a fresh memory backend and the MCP app
// on it for every test, so no test sees another's starts and stops.
import { MemoryBackend, type MemoryServerSeed } from '@mcp-lifecycle/core/testing'
import { afterEach, beforeEach } from 'vitest'
import { startMcpTestServer, type McpTestServer } from './mcp-test-server.ts'

/** The tool limits these tests serve with: replicas up to 5, waits up to 120 s. */
export const TEST_LIMITS = { maxReplicas: 5, maxTimeoutSeconds: 120 }

/** One test's backend and the MCP endpoint served on it. */
export interface McpTestScene {
  backend: MemoryBackend
  http: McpTestServer
}

/**
 * Before each test of the file, a memory backend seeded with `seeds` and the MCP app served on it
 * with TEST_LIMITS; after each, the server is closed. The fields are set once beforeEach has run.
 */
export function useMcpTestServer(seeds: MemoryServerSeed[]): McpTestScene {
  const scene = {} as McpTestScene
  beforeEach(async () => {
    scene.backend = new MemoryBackend(seeds)
    scene.http = await startMcpTestServer({ backend: scene.backend, limits: TEST_LIMITS })
  })
  afterEach(() => scene.http.close())
  return scene
}
