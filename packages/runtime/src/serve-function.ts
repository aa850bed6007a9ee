import type { HooksDeps } from '@mcp-lifecycle/handlers'
import type { Hono } from 'hono'
import { composeApp } from './compose-app.ts'
import { createRuntime, handlerDeps } from './create-runtime.ts'
import { serveApp, startOrExit } from './serve-app.ts'

/**
 * The whole entry point of a deployable function: the runtime from the environment, the given
 * operation apps composed with health, metrics, auth and logs, served until SIGTERM.
 */
export function serveFunction(label: string, operations: (deps: HooksDeps) => Hono[]): void {
  startOrExit(() => {
    // A function kept warm serves many status reads: it follows Services after the first one.
    const runtime = createRuntime(process.env, { followServices: true })
    const deps = handlerDeps(runtime)
    serveApp(composeApp(deps, operations(deps), runtime), runtime, label)
  })
}
