#!/usr/bin/env node
// mcpl: the command-line client of mcp-lifecycle. Runs as TypeScript on Node >= 22.18; the bin,
// bin/mcpl.mjs, starts it so from any Node.
import { runCli } from './run-cli.ts'

const interrupt = new AbortController()
// The first Ctrl-C ends a wait or a watch cleanly; a second one kills as usual.
process.once('SIGINT', () => interrupt.abort())

const code = await runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  signal: interrupt.signal,
})
// Exit explicitly: keep-alive sockets of the Kubernetes client would hold the process open.
process.stdout.write('', () => process.exit(code))
