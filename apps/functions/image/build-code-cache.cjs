// Image build step (apps/functions/Dockerfile): `node build-code-cache.cjs function.cjs` starts
// the function as main.cjs does, sends it the requests a cold start serves first, and writes V8's
// code cache of the bundle, now holding every function those compiled, to function.cjs.code-cache.
// Run by the image's own node, with the image's NODE_OPTIONS: V8 accepts a cache only from the
// same version and flags.
//
// There is no cluster at build time: the function talks to a stand-in API server on loopback
// that holds one running MCP server, enough to run each request's path through the handlers,
// the adapter and the HTTP client once. Nothing of it is kept but the cache. It speaks TLS as an
// API server does (the client's path for it is then in the cache too), with the throwaway
// certificate build.mjs writes beside this file; without one, plain HTTP. A request the function
// answers with a 5xx fails the step: the cache would hold an error's path, and the image ship it.
'use strict'
const { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } = require('node:fs')
const { createServer } = require('node:http')
const { createServer: createTlsServer } = require('node:https')
const { tmpdir } = require('node:os')
const { join, resolve } = require('node:path')
const { runFunction, codeCacheFile } = require('./main.cjs')

const NAME = 'warm-up'
const json = (method, path, body) => ({ method, path, body })
const INITIALIZE = {
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: {
    protocolVersion: '2025-06-18',
    capabilities: {},
    clientInfo: { name: NAME, version: '0' },
  },
}
/** What a function is asked first; each function answers its own and 404s the others. */
const WARM_UP = [
  json('GET', '/healthz'),
  json('GET', '/readyz'),
  json('GET', '/servers'),
  json('GET', `/servers/${NAME}`),
  json('POST', `/servers/${NAME}/start`, { wait_ready: false }),
  json('POST', `/servers/${NAME}/stop`, {}),
  json('POST', `/servers/${NAME}/scale`, { replicas: 1 }),
  json('POST', '/mcp', INITIALIZE),
]

// What the stand-in API server holds: one running MCP server and the Service that selects it,
// so that each operation's first request runs its path for a server that exists (found, viewed,
// answered), as a cold start's first request mostly does; not only the path of "not found".
const LABELS = { 'app.kubernetes.io/component': 'mcp-server' }
const DEPLOYMENT = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: {
    name: NAME,
    namespace: 'default',
    labels: LABELS,
    generation: 1,
    resourceVersion: '1',
  },
  spec: {
    replicas: 1,
    selector: { matchLabels: { app: NAME } },
    template: {
      metadata: { labels: { app: NAME } },
      spec: { containers: [{ name: NAME, image: NAME, ports: [{ containerPort: 8080 }] }] },
    },
  },
  status: {
    observedGeneration: 1,
    replicas: 1,
    readyReplicas: 1,
    availableReplicas: 1,
    updatedReplicas: 1,
    conditions: [{ type: 'Available', status: 'True', lastTransitionTime: '2026-01-01T00:00:00Z' }],
  },
}
const SERVICE = {
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: NAME, namespace: 'default', resourceVersion: '1' },
  spec: {
    type: 'ClusterIP',
    clusterIP: '10.96.0.10',
    clusterIPs: ['10.96.0.10'],
    selector: { app: NAME },
    ports: [{ name: 'http', port: 80, targetPort: 8080 }],
  },
}
const list = (items) => ({ kind: 'List', metadata: { resourceVersion: '1' }, items })

/**
 * The stand-in API server: lists of Deployments and of Services hold the ones above, every
 * other list is empty, watches end at once, a scale or patch of the Deployment answers as if
 * done (nothing is kept), every other write 404.
 */
function standInApiServer(tls, seen) {
  const answer = (request, response) => {
    seen.requests++
    request.resume()
    const url = new URL(request.url, 'http://x')
    const send = (status, body) => {
      response.writeHead(status, { 'content-type': 'application/json' })
      response.end(body === undefined ? undefined : JSON.stringify(body))
    }
    if (request.method === 'GET') {
      if (url.searchParams.get('watch') === 'true') return send(200)
      if (url.pathname.endsWith('/deployments')) return send(200, list([DEPLOYMENT]))
      if (url.pathname.endsWith('/services')) return send(200, list([SERVICE]))
      return send(200, list([]))
    }
    if (url.pathname.endsWith(`/deployments/${NAME}/scale`))
      return send(200, { kind: 'Scale', metadata: DEPLOYMENT.metadata, spec: { replicas: 1 } })
    if (url.pathname.endsWith(`/deployments/${NAME}`)) return send(200, DEPLOYMENT)
    send(404, { kind: 'Status', status: 'Failure', reason: 'NotFound', code: 404 })
  }
  return tls ? createTlsServer(tls, answer) : createServer(answer)
}

/** build.mjs's throwaway key and certificate for 127.0.0.1, when there is one. */
function standInTls() {
  const file = join(__dirname, 'warm-up-tls.json')
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : undefined
}

function listen(server) {
  return new Promise((done) => server.listen(0, '127.0.0.1', () => done(server.address().port)))
}

/** Every request to the function is bounded: a build step that hangs would hang the image build. */
const REQUEST_TIMEOUT_MS = 10_000

async function waitForHealth(base, deadline) {
  for (;;) {
    try {
      const response = await fetch(`${base}/healthz`, {
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      })
      await response.arrayBuffer()
      if (response.ok) return
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) throw new Error('the function did not answer /healthz')
    await new Promise((r) => setTimeout(r, 20))
  }
}

async function main() {
  const bundle = resolve(process.argv[2] ?? join(__dirname, 'function.cjs'))
  const tls = standInTls()
  const seen = { requests: 0 }
  const api = standInApiServer(tls, seen)
  const apiPort = await listen(api)
  const probe = createServer()
  const port = await listen(probe)
  await new Promise((done) => probe.close(done))
  const dir = mkdtempSync(join(tmpdir(), 'mcpl-code-cache-'))
  const kubeconfig = join(dir, 'kubeconfig')
  writeFileSync(
    kubeconfig,
    JSON.stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [
        {
          name: NAME,
          cluster: tls
            ? {
                server: `https://127.0.0.1:${apiPort}`,
                'certificate-authority-data': Buffer.from(tls.cert).toString('base64'),
              }
            : { server: `http://127.0.0.1:${apiPort}`, 'insecure-skip-tls-verify': true },
        },
      ],
      users: [{ name: NAME, user: { token: NAME } }],
      contexts: [{ name: NAME, context: { cluster: NAME, user: NAME } }],
      'current-context': NAME,
    })
  )
  Object.assign(process.env, {
    KUBECONFIG: kubeconfig,
    PORT: String(port),
    MCPL_AUTH: 'none',
    MCPL_LOG_LEVEL: 'silent',
  })
  // Compiled from source: a cache left beside it by an earlier build is for another bundle.
  const script = runFunction(bundle, { useCodeCache: false })
  const base = `http://127.0.0.1:${port}`
  await waitForHealth(base, Date.now() + 20_000)
  for (const { method, path, body } of WARM_UP) {
    const response = await fetch(base + path, {
      method,
      headers: {
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
      },
      ...(body && { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    })
    const answer = await response.text()
    if (response.status >= 500)
      throw new Error(`${method} ${path} answered ${response.status} in the warm-up: ${answer}`)
  }
  // Until 2026-12-03 every call was refused before it left (client-node allows plain HTTP only
  // with insecure-skip-tls-verify): the cache held none of the client's request path.
  if (seen.requests === 0)
    throw new Error(
      'the warm-up never reached the stand-in API server: the cache would miss its calls'
    )
  const cache = script.createCachedData()
  writeFileSync(codeCacheFile(bundle), cache)
  // On stderr: stdout is the function's own (silent during the warm-up).
  console.error(
    `${codeCacheFile(bundle)}: ${cache.length} bytes; the stand-in API server answered ${seen.requests} requests over ${tls ? 'TLS' : 'plain HTTP'}`
  )
  rmSync(dir, { recursive: true, force: true })
  process.exit(0)
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
