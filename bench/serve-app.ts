// A child process for the throughput benchmark: serves the real server app (createServerApp
// over the Kubernetes backend) on 127.0.0.1 at a free port, every API request tagged with the
// user agent BENCH_USER_AGENT; prints {"url": ...} on stdout, and on SIGTERM prints
// {"served": <HTTP requests answered>} and exits. BENCH_KEEPALIVE=1 swaps in the keep-alive
// experiment (one connection pool to the API server; see keepAliveFetch in lib.ts).
import {
  createK8sBackend,
  createServerApp,
  DEFAULT_LIMITS,
  keepAliveFetch,
  kubeConfig,
  MCP_SELECTOR,
  serveOnLoopback,
  taggedFetch,
} from './lib.ts'

const namespace = process.env.MCPL_NAMESPACE
if (!namespace) throw new Error('MCPL_NAMESPACE is required')
const userAgent = process.env.BENCH_USER_AGENT ?? 'mcpl-bench-serve'
const kc = kubeConfig()
const fetch =
  process.env.BENCH_KEEPALIVE === '1'
    ? await keepAliveFetch(kc, () => userAgent)
    : taggedFetch(() => userAgent)
const app = createServerApp({
  backend: createK8sBackend({ kubeConfig: kc, namespace, selector: MCP_SELECTOR, fetch }),
  limits: DEFAULT_LIMITS,
})
let served = 0
const served$ = await serveOnLoopback({
  fetch: async (request: Request) => {
    const response = await app.fetch(request)
    served++
    return response
  },
})
console.log(JSON.stringify({ url: served$.url }))
const stop = () => {
  console.log(JSON.stringify({ served }))
  void served$.close().then(() => process.exit(0))
}
process.once('SIGTERM', stop)
process.once('SIGINT', stop)
