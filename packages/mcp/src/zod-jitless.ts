import { config } from 'zod/v4/core'

// Imported first (index.ts), before the MCP SDK builds its schemas: zod decides per schema, when
// it is built, whether to generate a parser with `new Function` on its first parse. A function
// starts cold for every few calls, so that generated code would be compiled at nearly every
// start (it is not in the code cache): ~3 ms of the mcp function's first answer (issue 18).
// Parsing a few small JSON-RPC messages without it costs nothing that shows.
config({ jitless: true })
