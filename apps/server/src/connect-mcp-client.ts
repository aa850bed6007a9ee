// Shared by the cluster tests: the real MCP SDK clients agents use, connected over Streamable
// HTTP with a bearer token: the v1 client (2025-11-25) and the v2 client pinned to 2026-07-28.
import {
  Client as ClientV2,
  StreamableHTTPClientTransport as TransportV2,
} from '@modelcontextprotocol/client'
import { Client as ClientV1 } from '@modelcontextprotocol/sdk/client/index.js'
import { StreamableHTTPClientTransport as TransportV1 } from '@modelcontextprotocol/sdk/client/streamableHttp.js'

const INFO = { name: 'server-cluster-tests', version: '0' }

const bearer = (token: string) => ({
  requestInit: { headers: { authorization: `Bearer ${token}` } },
})

/** The v1 client, initialized with `url`; its transport holds the session id. */
export async function connectV1(url: URL | string, token: string) {
  const client = new ClientV1(INFO)
  const transport = new TransportV1(new URL(url), bearer(token))
  await client.connect(transport)
  return { client, transport }
}

/** The v2 client pinned to 2026-07-28, initialized with `url`. */
export async function connectPinnedV2(url: URL | string, token: string): Promise<ClientV2> {
  const client = new ClientV2(INFO, { versionNegotiation: { mode: { pin: '2026-07-28' } } })
  await client.connect(new TransportV2(new URL(url), bearer(token)))
  return client
}

interface Lister {
  listTools(): Promise<unknown>
  listPrompts(): Promise<unknown>
  listResources(): Promise<unknown>
  listResourceTemplates(): Promise<unknown>
}

/** What an agent lists at start, in either SDK line: tools, prompts, resources, templates. */
export async function listEverything<C extends Lister>(client: C) {
  type Listed<K extends keyof Lister> = Awaited<ReturnType<C[K]>>
  return {
    tools: (await client.listTools()) as Listed<'listTools'>,
    prompts: (await client.listPrompts()) as Listed<'listPrompts'>,
    resources: (await client.listResources()) as Listed<'listResources'>,
    templates: (await client.listResourceTemplates()) as Listed<'listResourceTemplates'>,
  }
}
