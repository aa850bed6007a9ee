import { LifecycleError } from '@mcp-lifecycle/core'
import type { Hono, NotFoundHandler } from 'hono'
import { notFoundHandler, problemResponse } from './problem-response.ts'
import { matchesRoute } from './route-pattern.ts'

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
    if (route.method === 'ALL' || !matchesRoute(route.path, path)) continue
    methods.add(route.method)
    if (route.method === 'GET') methods.add('HEAD')
  }
  return [...methods].sort()
}
