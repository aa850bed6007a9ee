#!/usr/bin/env node
// The stdio MCP bin: src/main.ts, on a Node that runs TypeScript whatever `node` started this
// file (an MCP client's PATH often leads to an older one).
import { launchTypeScript } from '../../../scripts/launch-typescript.mjs'

await launchTypeScript(new URL('../src/main.ts', import.meta.url), 'mcp-lifecycle-mcp')
