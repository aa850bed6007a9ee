// Helpers of the hot-path benchmark (hot-path.ts): the MCP requests it sends (both eras, as the
// wire carries them), a recorded answer the bare floor replays, and the interleaved latencies of
// one MCP call through the proxy and straight to the pod (v1 SDK client, a session each).
import { writeFileSync } from 'node:fs'
import { Client } from '@modelcontextprotocol/sdk/client/index.js'
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js'
import type { RecordedAnswer } from './bare-server.ts'
import type { CannonRequest } from './autocannon.ts'
import { percentile, round } from './stats.ts'

export type Era = '2025-11-25' | '2026-07-28'

/** One stateless tools/call POST of `era`, as autocannon sends it. */
export function toolCall(
  era: Era,
  tool: string,
  args: Record<string, unknown>,
  token?: string
): CannonRequest {
  const params: Record<string, unknown> = { name: tool, arguments: args }
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    accept: 'application/json, text/event-stream',
    'mcp-protocol-version': era,
    ...(token && { authorization: `Bearer ${token}` }),
  }
  if (era === '2026-07-28') {
    params._meta = {
      'io.modelcontextprotocol/protocolVersion': era,
      'io.modelcontextprotocol/clientCapabilities': {},
      'io.modelcontextprotocol/clientInfo': { name: 'bench-hot-path', version: '0.0.0' },
    }
    headers['mcp-method'] = 'tools/call'
    headers['mcp-name'] = tool
  }
  const body = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params })
  return { method: 'POST', headers, body }
}

/**
 * Sends `request` once and writes its answer (status, headers but the per-connection ones, body)
 * to `file` for bare-server.ts. Throws unless it is a 200 carrying a JSON-RPC result without
 * isError: a floor replaying an error would measure nothing.
 */
export async function recordAnswer(
  url: string,
  request: CannonRequest,
  file: string
): Promise<RecordedAnswer> {
  const res = await fetch(url, {
    method: request.method ?? 'GET',
    headers: request.headers ?? {},
    ...(request.body !== undefined && { body: request.body }),
  })
  const body = Buffer.from(await res.arrayBuffer())
  const text = body.toString('utf8')
  if (res.status !== 200 || /"isError":true|"error":\{/.test(text))
    throw new Error(`${request.method ?? 'GET'} ${url}: ${res.status} ${text.slice(0, 300)}`)
  const perConnection = new Set(['date', 'connection', 'keep-alive', 'transfer-encoding'])
  const headers = [...res.headers].filter(([key]) => !perConnection.has(key))
  const answer = { status: res.status, headers, bodyBase64: body.toString('base64') }
  writeFileSync(file, JSON.stringify(answer))
  return answer
}

/** A v1 SDK client with a session on `url` (a 2025-11-25 stateful server). */
export async function connectV1(url: string, token?: string): Promise<Client> {
  const client = new Client({ name: 'bench-hot-path', version: '0.0.0' })
  const headers = token ? { authorization: `Bearer ${token}` } : undefined
  await client.connect(
    new StreamableHTTPClientTransport(new URL(url), {
      ...(headers && { requestInit: { headers } }),
    })
  )
  return client
}

export interface Overhead {
  calls: number
  proxied_ms: { p50: number; p99: number }
  direct_ms: { p50: number; p99: number }
  overhead_ms: { p50: number; p99: number }
}

/** `calls` echo calls on each client, interleaved (after a warm-up), timed one by one. */
export async function interleavedOverhead(
  proxied: Client,
  direct: Client,
  calls: number
): Promise<Overhead> {
  const echo = (client: Client) => client.callTool({ name: 'echo', arguments: { text: 'hot' } })
  for (let i = 0; i < 50; i++) await Promise.all([echo(proxied), echo(direct)])
  const times = { proxied: [] as number[], direct: [] as number[] }
  for (let i = 0; i < calls; i++) {
    for (const [key, client] of i % 2
      ? ([
          ['direct', direct],
          ['proxied', proxied],
        ] as const)
      : ([
          ['proxied', proxied],
          ['direct', direct],
        ] as const)) {
      const t0 = performance.now()
      const result = await echo(client)
      times[key].push(performance.now() - t0)
      if (result.isError) throw new Error(`echo through ${key}: ${JSON.stringify(result)}`)
    }
  }
  const summary = (ms: number[]) => ({
    p50: round(percentile(ms, 50), 2),
    p99: round(percentile(ms, 99), 2),
  })
  const p = summary(times.proxied)
  const d = summary(times.direct)
  return {
    calls,
    proxied_ms: p,
    direct_ms: d,
    overhead_ms: { p50: round(p.p50 - d.p50, 2), p99: round(p.p99 - d.p99, 2) },
  }
}
