// For the tests: the real MCP clients agents use, each behind one small interface, so one suite
// runs against all of them: the v1 client (@modelcontextprotocol/sdk 1.32.2, revision
// 2025-11-25) and the v2 client (@modelcontextprotocol/client 2.4.0) in its three modes.
import {
  Client as ClientV2,
  StreamableHTTPClientTransport as HttpTransportV2,
} from '@modelcontextprotocol/client'
import { StdioClientTransport as StdioTransportV2 } from '@modelcontextprotocol/client/stdio'
import { Client as ClientV1 } from '@modelcontextprotocol/sdk/client/index.js'
import { StdioClientTransport as StdioTransportV1 } from '@modelcontextprotocol/sdk/client/stdio.js'
import { StreamableHTTPClientTransport as HttpTransportV1 } from '@modelcontextprotocol/sdk/client/streamableHttp.js'

/** v1; v2 as it comes (2025 handshake); v2 probing for 2026-07-28; v2 pinned to 2026-07-28. */
export const CLIENT_MODES = ['v1', 'v2 default', 'v2 auto', 'v2 pinned 2026-07-28'] as const
export type ClientMode = (typeof CLIENT_MODES)[number]

/** A server of its own for each client mode, `${prefix}-${i}`: [mode, server name] pairs. */
export const serverPerClientMode = (prefix: string) =>
  CLIENT_MODES.map((mode, i) => [mode, `${prefix}-${i}`] as const)

/** The revision each mode ends up speaking with our server. */
export const EXPECTED_REVISION: Record<ClientMode, string> = {
  v1: '2025-11-25',
  'v2 default': '2025-11-25',
  'v2 auto': '2026-07-28',
  'v2 pinned 2026-07-28': '2026-07-28',
}

export interface ToolResult {
  isError?: boolean
  content: { type: string; text?: string }[]
  structuredContent?: Record<string, unknown>
}

export interface ProgressUpdate {
  progress: number
  total?: number
  message?: string
}

/** What the tests do with a client, whichever it is. */
export interface TestClient {
  mode: ClientMode
  revision(): string | undefined
  listToolNames(): Promise<string[]>
  callTool(
    name: string,
    args?: Record<string, unknown>,
    onprogress?: (update: ProgressUpdate) => void
  ): Promise<ToolResult>
  close(): Promise<void>
}

/** Where the server is: an HTTP endpoint, or a process to start for stdio. */
export type Target =
  { url: URL; token?: string } | { command: string; args: string[]; env?: Record<string, string> }

const INFO = { name: 'mcp-lifecycle-tests', version: '0.0.0' }

// Waits on a real cluster can outlast the SDKs' 60 s default, so progress resets the timeout.
const CALL_OPTIONS = { resetTimeoutOnProgress: true, timeout: 120_000 }

export async function connectTestClient(mode: ClientMode, target: Target): Promise<TestClient> {
  return mode === 'v1' ? connectV1(target) : connectV2(mode, target)
}

async function connectV1(target: Target): Promise<TestClient> {
  const client = new ClientV1(INFO)
  await client.connect(
    'url' in target
      ? new HttpTransportV1(target.url, { requestInit: authHeaders(target.token) })
      : new StdioTransportV1({ ...target, stderr: 'ignore' })
  )
  return {
    mode: 'v1',
    // v1's Client does not expose the negotiated version; it offers only 2025-11-25 and older.
    revision: () => '2025-11-25',
    listToolNames: async () => (await client.listTools()).tools.map((t) => t.name),
    callTool: async (name, args, onprogress) =>
      (await client.callTool({ name, arguments: args }, undefined, {
        ...CALL_OPTIONS,
        ...(onprogress && { onprogress }),
      })) as ToolResult,
    close: () => client.close(),
  }
}

async function connectV2(mode: Exclude<ClientMode, 'v1'>, target: Target): Promise<TestClient> {
  const versionNegotiation =
    mode === 'v2 auto'
      ? { mode: 'auto' as const }
      : mode === 'v2 pinned 2026-07-28'
        ? { mode: { pin: '2026-07-28' } }
        : undefined
  const client = new ClientV2(INFO, versionNegotiation ? { versionNegotiation } : {})
  await client.connect(
    'url' in target
      ? new HttpTransportV2(target.url, { requestInit: authHeaders(target.token) })
      : new StdioTransportV2({ ...target, stderr: 'ignore' })
  )
  return {
    mode,
    revision: () => client.getNegotiatedProtocolVersion(),
    listToolNames: async () => (await client.listTools()).tools.map((t) => t.name),
    callTool: async (name, args, onprogress) =>
      (await client.callTool(
        { name, ...(args && { arguments: args }) },
        { ...CALL_OPTIONS, ...(onprogress && { onprogress }) }
      )) as ToolResult,
    close: () => client.close(),
  }
}

/** Connects a client of `mode` to `target`, runs `use` with it, and closes it, also on failure. */
export async function withTestClient<T>(
  mode: ClientMode,
  target: Target,
  use: (client: TestClient) => Promise<T>
): Promise<T> {
  const client = await connectTestClient(mode, target)
  try {
    return await use(client)
  } finally {
    await client.close()
  }
}

function authHeaders(token: string | undefined): RequestInit {
  return token === undefined ? {} : { headers: { authorization: `Bearer ${token}` } }
}
