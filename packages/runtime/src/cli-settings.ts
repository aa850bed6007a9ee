import { parseSettings, type Settings } from './settings.ts'

export { HIGHEST_LIMITS } from './settings.ts'

type Env = Record<string, string | undefined>

/** The variables the CLI reads, named in its help. */
export const CLI_SETTING_NAMES = {
  url: 'MCPL_URL',
  token: 'MCPL_TOKEN',
  namespace: 'MCPL_NAMESPACE',
  selector: 'MCPL_SELECTOR',
  /** Every setting of the manager starts with it. */
  prefix: 'MCPL_',
} as const

/** The manager the CLI calls, from the environment (its flags take precedence). */
export function readManagerConnection(env: Env): { url?: string; token?: string } {
  const { MCPL_URL: url, MCPL_TOKEN: token } = env
  return { ...(url && { url }), ...(token && { token }) }
}

/**
 * The manager's own settings, for the CLI talking to the cluster directly: only the MCPL_*
 * variables (a shell's PORT or HOST must not stop it), `namespace` (a flag) over the variable.
 */
export function readDirectSettings(env: Env, namespace?: string): Settings {
  const variables = Object.fromEntries(
    Object.entries(env).filter(([key]) => key.startsWith(CLI_SETTING_NAMES.prefix))
  )
  if (namespace) variables.MCPL_NAMESPACE = namespace
  return parseSettings(variables)
}
