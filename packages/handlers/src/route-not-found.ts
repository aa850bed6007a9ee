import { LifecycleError } from '@mcp-lifecycle/core'
import type { Hono, NotFoundHandler } from 'hono'
import { notFoundHandler, problemResponse } from './problem-response.ts'

/**
 * The not-found handler of a composed app: a path that some route serves, asked with another
 * method, is 405 with `Allow` (GET on a POST-only route is a wrong method, not a missing
 * route); anything else is 404 naming the route.
 */
export function routeNotFound(app: Hono): NotFoundHandler {
  return (c) => {
    const path = new URL(c.req.url).pathname
    const allow = allowedMethods(app, path)
    if (allow.length > 0) {
      const response = problemResponse(
        c,
        new LifecycleError(
          'method-not-allowed',
          `${path} takes ${allow.join(', ')}, not ${c.req.method}.`
        )
      )
      response.headers.set('Allow', allow.join(', '))
      return response
    }
    return notFoundHandler(c)
  }
}

function allowedMethods(app: Hono, path: string): string[] {
  const methods = new Set<string>()
  for (const route of app.routes) {
    if (route.method === 'ALL' || !matches(route.path, path)) continue
    methods.add(route.method)
    if (route.method === 'GET') methods.add('HEAD')
  }
  return [...methods].sort()
}

/** Hono's path patterns as used here: literal segments, `:param` segments, a trailing `*`. */
function matches(pattern: string, path: string): boolean {
  const want = pattern.split('/')
  const have = path.split('/')
  for (let i = 0; i < want.length; i++) {
    if (want[i] === '*') return true
    if (have[i] === undefined) return false
    if (want[i]!.startsWith(':') ? have[i] === '' : want[i] !== have[i]) return false
  }
  return want.length === have.length
}
