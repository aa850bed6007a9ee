// An esbuild plugin of the function bundles (bundle-plugins.mjs).

// Modules loaded at every cold start only because a dependency requires them at its top, for
// calls no function makes on its way to the first answer: each importer gets a stand-in whose
// functions load the module at their first call. Named one by one (lazy-modules.test.ts checks
// the names against what each importer calls).
export const LAZY_MODULES = [
  // undici's Response inflates a 'deflate' body (fetch's, which nothing here uses): 2.4-5 ms.
  {
    importer: /undici\/lib\/web\/fetch\/util\.js$/,
    module: 'node:zlib',
    calls: ['createInflate', 'createInflateRaw'],
  },
  // prom-client's Pushgateway gzips what it pushes (nothing here pushes): ~1 ms.
  { importer: /prom-client\/lib\/pushgateway\.js$/, module: 'zlib', calls: ['gzipSync'] },
  // OpenTelemetry's API, read by prom-client's CPU metric for exemplars only (not enabled here):
  // it sets up its global API objects as it loads, ~1 ms.
  {
    importer: /prom-client\/lib\/metrics\/processCpuTotal\.js$/,
    module: '@opentelemetry/api',
    objects: { trace: ['getSpan'], context: ['active'] },
  },
  // prom-client's heap-space metrics, registered at the first scrape (metrics-registry.ts).
  {
    importer: /prom-client\/lib\/metrics\/heapSpacesSizeAndUsed\.js$/,
    module: 'v8',
    calls: ['getHeapSpaceStatistics'],
  },
  // The Swagger UI files of /docs, read at the first request for them: ~1.5 ms.
  {
    importer: /packages\/handlers\/src\/docs-assets\.ts$/,
    module: 'node:fs/promises',
    calls: ['readFile'],
  },
  // client-node runs programs for its exec, Azure and GCP auth plugins and its WSL kubeconfig
  // lookup (a pod authenticates with its ServiceAccount): ~1 ms.
  {
    importer: /@kubernetes\/client-node\/dist\/(config|azure_auth|gcp_auth|exec_auth)\.js$/,
    module: 'node:child_process',
    calls: ['spawn', 'spawnSync', 'execSync'],
  },
  // client-node's proxy agents (a cluster behind a SOCKS or HTTP proxy); socks loads ip-address,
  // dns and debug as it loads: ~4 ms.
  {
    importer: /@kubernetes\/client-node\/dist\/config\.js$/,
    module: 'socks-proxy-agent',
    classes: ['SocksProxyAgent'],
  },
  {
    importer: /@kubernetes\/client-node\/dist\/config\.js$/,
    module: 'socks',
    objects: { SocksClient: ['createConnection'] },
  },
  {
    importer: /@kubernetes\/client-node\/dist\/config\.js$/,
    module: 'hpagent',
    classes: ['HttpProxyAgent', 'HttpsProxyAgent'],
  },
]

function lazyModuleSource({ module, calls = [], classes = [], objects = {} }) {
  const load = `let loaded\nconst load = () => (loaded ??= require(${JSON.stringify(module)}))\n`
  const call = (name, of = '') => `(...args) => load()${of}.${name}(...args)`
  const entries = [
    ...calls.map((name) => `${name}: ${call(name)}`),
    // A constructor returning the real instance: `new X(...)` is the module's own X.
    ...classes.map(
      (name) => `${name}: function (...args) { return new (load().${name})(...args) }`
    ),
    ...Object.entries(objects).map(
      ([name, methods]) =>
        `${name}: { ${methods.map((m) => `${m}: ${call(m, `.${name}`)}`).join(', ')} }`
    ),
  ]
  return `${load}module.exports = { ${entries.join(', ')} }\n`
}

export const lazyModules = {
  name: 'lazy-modules',
  setup(build) {
    const byModule = new Map(LAZY_MODULES.map((lazy) => [lazy.module, lazy]))
    const filter = new RegExp(
      `^(${LAZY_MODULES.map((l) => l.module.replace(/[/.]/g, '\\$&')).join('|')})$`
    )
    build.onResolve({ filter }, (args) => {
      const lazy = LAZY_MODULES.find(
        (l) => l.module === args.path && l.importer.test(args.importer)
      )
      // Its require() of the real module resolves from where the importer's import would.
      return lazy
        ? { path: args.path, namespace: 'lazy-module', pluginData: args.resolveDir }
        : undefined
    })
    build.onLoad({ filter: /.*/, namespace: 'lazy-module' }, (args) => ({
      contents: lazyModuleSource(byModule.get(args.path)),
      resolveDir: args.pluginData,
      loader: 'js',
    }))
  },
}
