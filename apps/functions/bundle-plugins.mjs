import { dirname, join } from 'node:path'
import { lazyModules } from './lazy-modules.mjs'

const UNDICI_GLOBALS = new URL('./image/undici-globals.mjs', import.meta.url).pathname

// esbuild plugins of the function bundles (build.mjs; bench/cold-start-profile.ts builds with
// them too): what they leave out is bytes every cold start reads, or module bodies it runs.

// Schema libraries we do not use. hono-openapi's converters (@standard-community/*) import the
// one of each vendor dynamically, inside a try that turns a missing package into a
// MissingDependencyError; our schemas are valibot, so these are never loaded. Left out, they
// would still be ~0.5 MB of every bundle to read at each cold start (zod alone).
const UNUSED_SCHEMA_LIBRARIES =
  /^(zod|zod-to-json-schema|zod-openapi|effect|arktype|@sinclair\/typebox|sury)(\/|$)/
const leaveOutUnusedSchemaLibraries = {
  name: 'leave-out-unused-schema-libraries',
  setup(build) {
    build.onResolve({ filter: UNUSED_SCHEMA_LIBRARIES }, (args) =>
      args.importer.includes('@standard-community') && args.kind === 'dynamic-import'
        ? { path: args.path, namespace: 'not-bundled' }
        : undefined
    )
    build.onLoad({ filter: /.*/, namespace: 'not-bundled' }, (args) => ({
      contents: `throw new Error(${JSON.stringify(`${args.path} is not part of this bundle`)})`,
      loader: 'js',
    }))
  },
}

// client-node's package index re-exports everything (exec, attach, cp, port-forward, informers:
// ws, tar, ...). Its modules but the polyfill have no side effects on import: marked so, esbuild
// drops the modules the adapter does not reach.
const CLIENT_NODE_DIST = /@kubernetes\/client-node\/dist\//
const clientNodeWithoutSideEffects = {
  name: 'client-node-without-side-effects',
  setup(build) {
    build.onResolve({ filter: /.*/ }, async (args) => {
      if (args.pluginData === 'resolving') return undefined
      if (!CLIENT_NODE_DIST.test(args.importer) && !args.path.startsWith('@kubernetes/client-node'))
        return undefined
      // Its thousands of relative imports name their file ('./models/Pod.js'): joined here, since
      // a build.resolve per import, a round trip to esbuild each, made a build take 10 s, not 1.
      if (/^\.\.?\/.*\.js$/.test(args.path)) {
        const path = join(args.resolveDir, args.path)
        if (CLIENT_NODE_DIST.test(path)) return { path, sideEffects: /\/polyfill\.js$/.test(path) }
      }
      const resolved = await build.resolve(args.path, {
        kind: args.kind,
        importer: args.importer,
        resolveDir: args.resolveDir,
        pluginData: 'resolving',
      })
      if (resolved.errors.length > 0 || !CLIENT_NODE_DIST.test(resolved.path)) return undefined
      return { path: resolved.path, sideEffects: /\/polyfill\.js$/.test(resolved.path) }
    })
  },
}

// undici's package index requires all of undici on import (mock agents, WebSocket, EventSource,
// cache storage, interceptors, the SQLite cache store, ...). The bundle needs its Headers, Request
// and Response (oneUndici, below); client-node imports its Agent, ProxyAgent and fetch, which the
// adapter never calls (it sends with node:https, https-fetch.ts). Those importers get a module
// with just these, from undici's own files; the three client-node names load theirs only when
// called: undici's dispatchers require node:http2 and its HTTP/2 client as they load (5-8 ms of
// every cold start). It is ESM with named exports, so a new name imported from undici by one of
// them fails the build instead of being undefined.
const SLIM_UNDICI_IMPORTERS =
  /(@kubernetes\/client-node\/dist\/(config|watch|health|log|metrics|gen\/http\/isomorphic-fetch)\.js|functions\/image\/undici-globals\.mjs)$/
const slimUndici = {
  name: 'slim-undici',
  setup(build) {
    build.onResolve({ filter: /^undici$/ }, async (args) => {
      if (args.pluginData === 'resolving' || !SLIM_UNDICI_IMPORTERS.test(args.importer))
        return undefined
      const index = await build.resolve('undici', {
        kind: args.kind,
        importer: args.importer,
        resolveDir: args.resolveDir,
        pluginData: 'resolving',
      })
      if (index.errors.length > 0) return undefined
      return { path: index.path, namespace: 'slim-undici' }
    })
    build.onLoad({ filter: /.*/, namespace: 'slim-undici' }, (args) => {
      const lib = (file) => JSON.stringify(`${dirname(args.path)}/lib/${file}`)
      return {
        resolveDir: dirname(args.path),
        loader: 'js',
        contents: `
import { Headers } from ${lib('web/fetch/headers.js')}
// Response first: it defines the BodyInit converter that Request's RequestInit converter takes
// as it loads (undici's fetch module requires them in this order).
import { Response } from ${lib('web/fetch/response.js')}
import { Request } from ${lib('web/fetch/request.js')}
let dispatchers
// As undici's index: the request API on every dispatcher, once the first is asked for.
function loadDispatchers() {
  if (dispatchers) return dispatchers
  const Dispatcher = require(${lib('dispatcher/dispatcher.js')})
  Object.assign(Dispatcher.prototype, require(${lib('api/index.js')}))
  dispatchers = {
    Agent: require(${lib('dispatcher/agent.js')}),
    ProxyAgent: require(${lib('dispatcher/proxy-agent.js')}),
  }
  return dispatchers
}
// Constructors returning the real instance: \`new Agent(options)\` is undici's Agent.
function Agent(options) {
  return new (loadDispatchers().Agent)(options)
}
function ProxyAgent(options) {
  return new (loadDispatchers().ProxyAgent)(options)
}
function fetch(init, options = undefined) {
  loadDispatchers()
  return require(${lib('web/fetch/index.js')}).fetch(init, options).catch((err) => {
    if (err && typeof err === 'object') Error.captureStackTrace(err, fetch)
    throw err
  })
}
export { Agent, ProxyAgent, fetch, Headers, Request, Response }
`,
      }
    })
  },
}

// @hono/node-server imports node:http2 for an `instanceof Http2ServerRequest` test on each
// request (and a constant for closing an HTTP/2 stream). A function serves HTTP/1.1 only (its
// server is node:http's, serve-app.ts), so no request is one: it gets a class nothing is an
// instance of, and node:http2 (5-8 ms of a cold start, measured) is not loaded.
const NO_HTTP2_SERVER = `export class Http2ServerRequest {}
export const constants = {}`
const honoWithoutHttp2 = {
  name: 'hono-without-http2',
  setup(build) {
    build.onResolve({ filter: /^node:http2$/ }, (args) =>
      /@hono\/node-server\//.test(args.importer)
        ? { path: 'node:http2', namespace: 'no-http2-server' }
        : undefined
    )
    build.onLoad({ filter: /.*/, namespace: 'no-http2-server' }, () => ({
      contents: NO_HTTP2_SERVER,
      loader: 'js',
    }))
  },
}

// undici carries two HTTP/1 parsers: llhttp, and the experimental Milo (two WebAssembly builds,
// 150 KB of base64) that it only uses when asked to. Node's own build of undici defines
// `esbuildDetection`, which leaves Milo out; so do we.
const undiciWithoutMilo = {
  name: 'undici-without-milo',
  setup(build) {
    build.initialOptions.define = { ...build.initialOptions.define, esbuildDetection: 'true' }
  },
}

// Node's globals Headers, Request and Response are lazy getters that load Node's own copy of
// undici (~30 ms of a cold start, measured) the first time they are read. The bundle carries
// undici already: these reads get its classes instead. @hono/node-server reads global.Request and
// global.Response when it loads (it then installs its own lighter ones as globals, built on
// those), and Headers is used bare. Its WebSocket helper reads CloseEvent and ErrorEvent (undici's
// too) when it loads, for a fallback it has: no function serves WebSockets.
const oneUndici = {
  name: 'one-undici',
  setup(build) {
    const options = build.initialOptions
    options.inject = [...(options.inject ?? []), UNDICI_GLOBALS]
    options.define = {
      ...options.define,
      'global.Request': '__undiciRequest',
      'globalThis.Request': '__undiciRequest',
      'global.Response': '__undiciResponse',
      'globalThis.Response': '__undiciResponse',
      'global.Headers': 'Headers',
      'globalThis.Headers': 'Headers',
      'globalThis.CloseEvent': 'undefined',
      'globalThis.ErrorEvent': 'undefined',
    }
  },
}

export const BUNDLE_PLUGINS = [
  leaveOutUnusedSchemaLibraries,
  clientNodeWithoutSideEffects,
  slimUndici,
  honoWithoutHttp2,
  lazyModules,
  undiciWithoutMilo,
  oneUndici,
]

// What a function bundle is: one CommonJS file that image/main.cjs compiles with V8's code
// cache (a cache taken after a warm-up needs a script, which an ES module is not). Used by
// build.mjs and bench/cold-start-profile.ts.
export const FUNCTION_BUNDLE_OPTIONS = {
  bundle: true,
  platform: 'node',
  target: 'node22',
  format: 'cjs',
  minify: true,
  legalComments: 'none',
  logLevel: 'warning',
  // The few modules that find files beside themselves ask import.meta.url (the bundle's own).
  define: { 'import.meta.url': '__bundleUrl' },
  banner: { js: "const __bundleUrl = require('node:url').pathToFileURL(__filename).href;" },
  plugins: BUNDLE_PLUGINS,
}
