import * as z from 'zod'

// The prompt and resources the example server offers beside its tools, so that every list a
// client discovers (tools, prompts, resources, templates) has something in it.

export const GREET = {
  name: 'greet',
  description: 'Asks the model to greet someone by name.',
  args: { name: z.string() },
  messages: (name: string) => ({
    messages: [
      { role: 'user' as const, content: { type: 'text' as const, text: `Greet ${name}.` } },
    ],
  }),
}

export const ABOUT = {
  name: 'about',
  uri: 'example://about',
  metadata: { description: 'What this server is.', mimeType: 'text/plain' },
  read: (uri: URL) => ({
    contents: [{ uri: uri.href, text: 'The example MCP server of mcp-lifecycle.' }],
  }),
}

export const ECHO_RESOURCE = {
  name: 'echo-resource',
  template: 'example://echo/{text}',
  metadata: { description: 'A resource whose text is its own name.', mimeType: 'text/plain' },
  read: (uri: URL, text: string) => ({ contents: [{ uri: uri.href, text }] }),
}

/** What the 2026-07-28 answers say of their caching: the lists are the same for everyone. */
export const CACHE_HINTS = {
  'server/discover': { ttlMs: 60_000, cacheScope: 'public' },
  'tools/list': { ttlMs: 60_000, cacheScope: 'public' },
  'prompts/list': { ttlMs: 60_000, cacheScope: 'public' },
  'resources/list': { ttlMs: 60_000, cacheScope: 'public' },
  'resources/templates/list': { ttlMs: 60_000, cacheScope: 'public' },
} as const
