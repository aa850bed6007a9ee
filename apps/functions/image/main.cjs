// The entry point of a function's image: `node /app/main.cjs` runs /app/function.cjs (the
// bundle) with V8's code cache of it, /app/function.cjs.code-cache, built at image build time by
// build-code-cache.cjs after a warm-up start and first requests (apps/functions/Dockerfile).
//
// Why not Node's own compile cache: it is written when a file is compiled, before it runs, so it
// holds only the bundle's top-level code; every function a start calls (module bodies, the
// runtime, the first request's path) was still compiled at each cold start. A cache taken from
// a script after it ran holds those too (issue 18, bench/README.md). Plain CommonJS, no
// dependencies: it is copied into the image as it is.
'use strict'
const { readFileSync } = require('node:fs')
const { createRequire, wrap } = require('node:module')
const { resolve } = require('node:path')
const vm = require('node:vm')

/** Where the code cache of `bundle` is kept: beside it. */
function codeCacheFile(bundle) {
  return `${bundle}.code-cache`
}

/**
 * Compiles `bundle` (a CommonJS file) with its code cache when there is one (and `useCodeCache`),
 * and runs it as Node would run it as a module. Returns the script, from which a new cache can
 * be taken.
 */
function runFunction(bundle, { useCodeCache = true } = {}) {
  const file = resolve(bundle)
  let cachedData
  try {
    if (useCodeCache) cachedData = readFileSync(codeCacheFile(file))
  } catch {
    // No cache: compiled from source, only slower.
  }
  const script = new vm.Script(wrap(readFileSync(file, 'utf8')), {
    filename: file,
    ...(cachedData && { cachedData }),
    importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  })
  // V8 refuses a cache made by another Node version or with other V8 flags (NODE_OPTIONS).
  if (cachedData && script.cachedDataRejected) {
    process.emitWarning(`the code cache of ${file} was rejected; starting without it`, {
      code: 'MCPL_CODE_CACHE_REJECTED',
    })
  }
  const module = { exports: {}, filename: file }
  script
    .runInThisContext()
    .call(module.exports, module.exports, createRequire(file), module, file, resolve(file, '..'))
  return script
}

module.exports = { runFunction, codeCacheFile }

if (require.main === module) runFunction(process.argv[2] ?? resolve(__dirname, 'function.cjs'))
