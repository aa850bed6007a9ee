import { readFileSync } from 'node:fs'
import { parseSettings, type Settings } from './settings.ts'

/**
 * The settings from an optional JSON file named by MCPL_CONFIG (same keys as the environment
 * variables), overridden by the environment. Validated once, at start-up.
 */
export function readSettings(env: Record<string, string | undefined> = process.env): Settings {
  return parseSettings(readSettingsSource(env))
}

/**
 * What settings are read from: the MCPL_CONFIG file under the environment. Parts of a process
 * with settings of their own (the activator of the long-running manager) read the same source.
 */
export function readSettingsSource(
  env: Record<string, string | undefined> = process.env
): Record<string, string | undefined> {
  const file = env.MCPL_CONFIG ? readConfigFile(env.MCPL_CONFIG) : {}
  return { ...file, ...env }
}

function readConfigFile(path: string): Record<string, string> {
  let parsed: unknown
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'))
  } catch (error) {
    throw new Error(`MCPL_CONFIG: cannot read ${path} as JSON (${(error as Error).message})`)
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new Error(`MCPL_CONFIG: ${path} must hold a JSON object of settings`)
  }
  return Object.fromEntries(Object.entries(parsed).map(([key, value]) => [key, String(value)]))
}
