import { createDeployment, replicasOf } from '@mcp-lifecycle/k8s-adapter/cluster-fixtures'
import {
  Client as ClientV2,
  StreamableHTTPClientTransport as HttpTransportV2,
} from '@modelcontextprotocol/client'
import { Client as ClientV1 } from '@modelcontextprotocol/sdk/client/index.js'
import { StreamableHTTPClientTransport as HttpTransportV1 } from '@modelcontextprotocol/sdk/client/streamableHttp.js'
import { describe, expect, it } from 'vitest'
import { bearerTokens, WRITER } from './proxy-manager-fixture.ts'
import { useProxyScene } from './proxy-scene-fixture.ts'

// Both protocol eras through the wake-on-request proxy: the composed manager served on
// 127.0.0.1, the real adapter on the local control plane, and per pod a real example MCP server
// serving 2026-07-28 and 2025 on one endpoint (the v2 SDK's createMcpHandler, `--mode both`).
// Real clients: the v2 client pinned to 2026-07-28 and in `auto` mode, and the v1 client.
const NAME = 'eras'
const PAIR = 'eras-pair'

const served = useProxyScene({
  namespace: 'activator-eras',
  deploy: (access) =>
    Promise.all([
      createDeployment(access, { name: NAME, replicas: 0 }),
      createDeployment(access, { name: PAIR, replicas: 2 }),
    ]),
  examplePods: { selector: `app in (${NAME},${PAIR})`, mode: 'both' },
  authenticator: bearerTokens(WRITER),
})

interface Progress {
  progress: number
  total?: number
}

/** What each client does here, whichever SDK it comes from. */
interface EraClient {
  revision(): string | undefined
  whoami(): Promise<{ pod: string; mode: string }>
  slowCount(count: number, onprogress: (p: Progress) => void): Promise<unknown>
  close(): Promise<void>
}

const url = (name = NAME) => new URL(`${served().manager.base}/servers/${name}/mcp`)
const requestInit = { headers: { authorization: 'Bearer writer-token' } }
const INFO = { name: 'activator-eras-cluster-tests', version: '0' }
const CALL = { timeout: 120_000, resetTimeoutOnProgress: true }

async function connectV2(mode: 'auto' | { pin: string }): Promise<EraClient> {
  const client = new ClientV2(INFO, { versionNegotiation: { mode } })
  await client.connect(new HttpTransportV2(url(), { requestInit }))
  return {
    revision: () => client.getNegotiatedProtocolVersion(),
    whoami: async () =>
      (await client.callTool({ name: 'whoami' }, CALL)).structuredContent as {
        pod: string
        mode: string
      },
    slowCount: (count, onprogress) =>
      client.callTool(
        { name: 'slow_count', arguments: { count, interval_ms: 50 } },
        { ...CALL, onprogress }
      ),
    close: () => client.close(),
  }
}

async function connectV1(): Promise<EraClient> {
  const client = new ClientV1(INFO)
  const transport = new HttpTransportV1(url(), { requestInit })
  await client.connect(transport)
  return {
    revision: () => transport.protocolVersion,
    whoami: async () =>
      (await client.callTool({ name: 'whoami' }, undefined, CALL)).structuredContent as {
        pod: string
        mode: string
      },
    slowCount: (count, onprogress) =>
      client.callTool({ name: 'slow_count', arguments: { count, interval_ms: 50 } }, undefined, {
        ...CALL,
        onprogress,
      }),
    close: () => client.close(),
  }
}

const replicas = () => replicasOf(served().access, NAME)

// In order: the first one finds the server stopped and wakes it.
const CLIENTS: [string, () => Promise<EraClient>, string][] = [
  ['v2 pinned to 2026-07-28', () => connectV2({ pin: '2026-07-28' }), '2026-07-28'],
  ['v2 auto', () => connectV2('auto'), '2026-07-28'],
  ['v1', connectV1, '2025-11-25'],
]

describe('/servers/{name}/mcp, both protocol eras, on the local control plane', () => {
  it('starts with the server stopped', async () => {
    expect(await replicas()).toBe(0)
  })

  it.each(CLIENTS)('%s: whoami and slow_count with progress', async (_, connect, revision) => {
    const client = await connect()
    try {
      expect(client.revision()).toBe(revision)
      const me = await client.whoami()
      expect(me).toMatchObject({ pod: expect.stringMatching(/^eras-/), mode: 'both' })
      expect(await replicas()).toBe(1)
      const seen: number[] = []
      const result = await client.slowCount(3, (p) => void seen.push(p.progress))
      expect(result).toMatchObject({ content: [{ type: 'text', text: 'counted to 3' }] })
      expect(seen).toEqual([1, 2, 3])
    } finally {
      await client.close()
    }
  })
})

describe('2026-07-28 requests (no sessions) with 2 Ready pods', () => {
  it('go to the least busy pod', async () => {
    const client = new ClientV2(INFO, { versionNegotiation: { mode: { pin: '2026-07-28' } } })
    await client.connect(new HttpTransportV2(url(PAIR), { requestInit }))
    const whoami = async () =>
      ((await client.callTool({ name: 'whoami' }, CALL)).structuredContent as { pod: string }).pod
    try {
      // Idle pods tie and the first one takes the request; a long call keeps that one busy, so
      // the next requests go to the other. Until both pods are Ready they all go to the one.
      const deadline = Date.now() + 60_000
      for (;;) {
        const first = await whoami()
        const busy = new AbortController()
        let started!: () => void
        const running = new Promise<void>((resolve) => (started = resolve))
        const call = client.callTool(
          { name: 'slow_count', arguments: { count: 1000, interval_ms: 20 } },
          { ...CALL, signal: busy.signal, onprogress: () => started() }
        )
        call.catch(() => {})
        try {
          await running
          const others = [await whoami(), await whoami(), await whoami()]
          if (others.every((pod) => pod === first) && Date.now() < deadline) continue
          expect(others.map((pod) => pod !== first)).toEqual([true, true, true])
          expect(new Set(others).size).toBe(1)
          break
        } finally {
          busy.abort()
        }
      }
    } finally {
      await client.close()
    }
  })
})
