import { createServer, type Server, type Socket } from 'node:net'
import { createListApp } from '@mcp-lifecycle/handlers'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { composeApp } from './compose-app.ts'
import { createRuntime, handlerDeps } from './create-runtime.ts'
import { writeTestKubeconfig } from './testing/write-kubeconfig.ts'

// An API server that accepts connections and never answers (as one stopped with SIGSTOP):
// reads and readiness answer 503 within the call timeout instead of hanging.
let hung: Server
const sockets: Socket[] = []
let kubeconfig: string

beforeAll(async () => {
  hung = createServer((socket) => void sockets.push(socket))
  await new Promise<void>((resolve) => hung.listen(0, '127.0.0.1', resolve))
  const { port } = hung.address() as { port: number }
  // It accepts the connection and never even starts the TLS handshake.
  kubeconfig = writeTestKubeconfig('mcpl-hung-', {
    server: `https://127.0.0.1:${port}`,
    'insecure-skip-tls-verify': true,
  })
})
afterAll(() => {
  for (const socket of sockets) socket.destroy()
  hung.close()
})

describe('a hung API server', () => {
  it.each(['/servers', '/readyz'])(
    'GET %s answers 503 within MCPL_KUBE_TIMEOUT_SECONDS',
    async (path) => {
      const runtime = createRuntime({
        KUBECONFIG: kubeconfig,
        MCPL_AUTH: 'none',
        MCPL_LOG_LEVEL: 'silent',
        MCPL_KUBE_TIMEOUT_SECONDS: '1',
      })
      const deps = handlerDeps(runtime)
      const app = composeApp(deps, [createListApp(deps)])
      const started = Date.now()
      const res = await app.request(path)
      const elapsed = Date.now() - started
      const problem = await res.clone().text()
      expect(res.status, problem).toBe(503)
      expect(await res.json()).toMatchObject({ title: 'Kubernetes unavailable' })
      // A bound, not a benchmark: far below the 39 s the review saw, above the 1 s setting.
      expect(elapsed, problem).toBeGreaterThanOrEqual(900)
      expect(elapsed).toBeLessThan(10_000)
    },
    20_000
  )
})
