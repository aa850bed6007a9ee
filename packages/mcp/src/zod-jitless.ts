import { config } from 'zod/v4/core'

// Imported first (index.ts), before the MCP SDK builds its schemas: zod's generated parsers
// (`new Function`, not in the code cache) would be compiled in nearly every cold start of a
// function (issue 18), and a few small JSON-RPC messages parse as fast without them.
config({ jitless: true })
