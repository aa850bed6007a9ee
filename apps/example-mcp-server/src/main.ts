#!/usr/bin/env node
// A small real MCP server for tests: one process per pod IP (see
// packages/k8s-adapter/src/testing/pod-processes.ts). Runs as TypeScript on Node >= 22.18:
//   node src/main.ts --host 127.1.0.1 --port 8080 [--mode stateful|stateless|both] [--pod NAME]
import { parseOptions, type ExampleServerOptions } from './options.ts'
import { startExampleServer } from './start-example-server.ts'

let options: ExampleServerOptions
try {
  options = parseOptions(process.argv.slice(2), process.env)
} catch (error) {
  console.error(`example-mcp-server: ${(error as Error).message}`)
  process.exit(2)
}

const server = await startExampleServer(options)
// The line a harness waits for: from here on the port accepts connections.
console.log(`listening on ${server.url} (${options.mode}, pod ${options.pod})`)

if (options.exitWithStdin) {
  process.stdin.on('close', () => process.exit(0))
  process.stdin.resume()
}
