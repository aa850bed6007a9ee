import { LifecycleError, namespaceName, parseInput, type Limits } from '@mcp-lifecycle/core'
import * as v from 'valibot'
import type { Client } from './client.ts'
import type { GlobalOptions } from './global-options.ts'
import { createHttpClient } from './http-client.ts'
import { endpointOptionsOf, limitsOf, type Settings } from '@mcp-lifecycle/runtime/settings'
import {
  HIGHEST_LIMITS,
  readDirectSettings,
  readManagerConnection,
} from '@mcp-lifecycle/runtime/cli-settings'

type Env = Record<string, string | undefined>

/**
 * With --url (or its variable, see runtime's cli-settings): a client of that manager's HTTP
 * API. Without: straight to the cluster of KUBECONFIG, configured by the manager's settings.
 */
export async function createClient(options: GlobalOptions, env: Env): Promise<Client> {
  const url = urlOf(options, env)
  if (url) {
    const token = options.token ?? readManagerConnection(env).token
    const namespace = options.namespace && namespaceOf(options.namespace)
    return createHttpClient({ url, ...(token && { token }), ...(namespace && { namespace }) })
  }
  const settings = readSettings(options, env)
  // Loaded only in this mode: the Kubernetes client takes a moment to load.
  const [{ createAdapterFromSettings }, { createDirectClient }] = await Promise.all([
    import('@mcp-lifecycle/runtime/adapter'),
    import('./direct-client.ts'),
  ])
  let adapter: ReturnType<typeof createAdapterFromSettings>
  try {
    adapter = createAdapterFromSettings(settings, { env })
  } catch (error) {
    // No kubeconfig, or an unreadable one: found before any call, like a bad argument. The
    // adapter's message says which file, or where it looked and how to get one.
    throw new LifecycleError('invalid', messageOf(error), { cause: error })
  }
  return createDirectClient({
    backend: adapter.backend,
    pods: adapter.pods,
    endpointOptions: endpointOptionsOf(settings),
    limits: limitsOf(settings),
    target: `namespace ${adapter.namespace}`,
  })
}

/** The bounds arguments are checked against, known before any client exists. */
export function limitsFor(options: GlobalOptions, env: Env): Limits {
  // Over HTTP the CLI refuses what no manager accepts; the manager checks its own limits.
  if (urlOf(options, env)) return HIGHEST_LIMITS
  return limitsOf(readSettings(options, env))
}

function urlOf(options: GlobalOptions, env: Env): string | undefined {
  const text = options.url ?? readManagerConnection(env).url
  if (!text) return undefined
  let url: URL
  try {
    url = new URL(text)
  } catch {
    throw new LifecycleError('invalid', `url: '${text}' is not a URL`, { field: 'url' })
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new LifecycleError('invalid', 'url: must start with http:// or https://', {
      field: 'url',
    })
  }
  return url.href
}

/** The manager's own settings, over the environment and --namespace. */
function readSettings(options: GlobalOptions, env: Env): Settings {
  try {
    return readDirectSettings(env, options.namespace)
  } catch (error) {
    throw new LifecycleError('invalid', messageOf(error), { cause: error })
  }
}

/** A namespace for the manager's `/namespaces/{namespace}` routes: checked here, as it checks it. */
function namespaceOf(text: string): string {
  return parseInput(
    v.object({ namespace: namespaceName }),
    { namespace: text },
    {
      noun: 'option',
      whole: 'options',
    }
  ).namespace
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
