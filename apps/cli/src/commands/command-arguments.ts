// The argument and option texts the commands share, so `--help` says them alike.

/** The server a command acts on. */
export const SERVER_ARGUMENT = ['<name>', 'the MCP server (its Deployment name)'] as const
/** A change checked and authorized by the cluster, not made. */
export const DRY_RUN_OPTION = [
  '--dry-run',
  'validated and authorized by the cluster, nothing changed',
] as const
