import type { ExpectStatic } from 'vitest'

/**
 * What every bundle serves, checked the same way for the functions and the manager: /healthz,
 * /readyz asking the (unreachable) cluster, /metrics and the API document. Returns the
 * document's paths. `expect` is the test's own (a concurrent test has its own).
 */
export async function expectCommonEndpoints(
  base: string,
  output: () => string,
  expect: ExpectStatic
): Promise<string[]> {
  const health = await fetch(`${base}/healthz`)
  expect(health.status, output()).toBe(200)
  expect(await health.json()).toEqual({ status: 'ok' })
  // The Kubernetes backend is wired in: readiness asks the (unreachable) cluster.
  const ready = await fetch(`${base}/readyz`)
  expect(ready.status, output()).toBe(503)
  await ready.arrayBuffer()
  const metrics = await fetch(`${base}/metrics`)
  expect(metrics.status, output()).toBe(200)
  expect(await metrics.text()).toContain('mcpl_http_requests_total')
  // The API document is generated from the routes' valibot schemas, with the converters the
  // build keeps (apps/functions/bundle-plugins.mjs leaves out the other schema libraries).
  const document = await fetch(`${base}/openapi.json`)
  expect(document.status, output()).toBe(200)
  const { openapi, paths } = (await document.json()) as { openapi: string; paths: object }
  expect(openapi).toBe('3.1.0')
  return Object.keys(paths)
}
