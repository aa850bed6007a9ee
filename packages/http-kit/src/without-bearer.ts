import type { Hono } from 'hono'
import { routeMatcher } from './route-pattern.ts'

const marked = new WeakSet<Hono>()

/**
 * Declares that an app's routes take no bearer token: they authenticate themselves (a
 * webhook's signature) or are public (probes, metrics, the API document). The app that serves
 * a route says so, rather than a list of paths kept elsewhere.
 */
export function withoutBearer<App extends Hono>(app: App): App {
  marked.add(app)
  return app
}

/** The route patterns of the given apps that take no bearer token. */
export function routesWithoutBearer(apps: readonly Hono[]): string[] {
  return apps.filter((app) => marked.has(app)).flatMap((app) => app.routes.map((r) => r.path))
}

/** A test of whether a request path is one of those routes. */
export function takesNoBearer(patterns: readonly string[]): (path: string) => boolean {
  return routeMatcher(patterns)
}
