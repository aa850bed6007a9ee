import { hostname } from 'node:os'
import { parseArgs } from 'node:util'

export type Mode = 'stateful' | 'stateless' | 'both'

export interface ExampleServerOptions {
  host: string
  /** 0 picks a free port (the listening line says which). */
  port: number
  /**
   * stateful: 2025 sessions (Mcp-Session-Id); stateless: a fresh server per POST, no session;
   * both: the v2 SDK's createMcpHandler, 2026-07-28 and (statelessly) 2025 on one endpoint.
   */
  mode: Mode
  /** Who whoami says it is: the pod this process stands for. */
  pod: string
  /** Exit when stdin closes: a harness that dies (its pipe closes) leaves no server behind. */
  exitWithStdin: boolean
}

const MODES: readonly Mode[] = ['stateful', 'stateless', 'both']

/**
 * Flags win over the environment (MCP_HOST, MCP_PORT, MCP_MODE, POD_NAME; not HOST, which zsh
 * sets to the machine's name). The pod name defaults to the host name, as in a real pod.
 */
export function parseOptions(argv: string[], env: NodeJS.ProcessEnv): ExampleServerOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      host: { type: 'string' },
      port: { type: 'string' },
      mode: { type: 'string' },
      pod: { type: 'string' },
      'exit-with-stdin': { type: 'boolean', default: false },
    },
    strict: true,
  })
  const port = Number(values.port ?? env.MCP_PORT ?? 8080)
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`--port: not a port number: ${values.port ?? env.MCP_PORT}`)
  }
  const mode = values.mode ?? env.MCP_MODE ?? 'stateful'
  if (!MODES.includes(mode as Mode)) {
    throw new Error(`--mode: ${mode}; the modes are ${MODES.join(', ')}`)
  }
  return {
    host: values.host ?? env.MCP_HOST ?? '127.0.0.1',
    port,
    mode: mode as Mode,
    pod: values.pod ?? env.POD_NAME ?? hostname(),
    exitWithStdin: values['exit-with-stdin'],
  }
}
