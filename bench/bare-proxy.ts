// The floor of the proxy's overhead in the hot-path benchmark: a bare node:http server that
// forwards every request to one origin over kept-alive connections (node:http's Agent) and
// streams the answer back, with no checks at all: what one more hop costs on this machine.
// `node bench/bare-proxy.ts <origin>`, PORT from the environment.
import { Agent, createServer, request } from 'node:http'

const origin = new URL(process.argv[2]!)
const agent = new Agent({ keepAlive: true })

createServer((req, res) => {
  // Its own /healthz: the bench waits for it as for every process it starts (processes.ts).
  if (req.url === '/healthz') return void res.end('ok')
  const upstream = request(
    {
      agent,
      host: origin.hostname,
      port: origin.port,
      method: req.method,
      path: req.url,
      headers: req.headers,
    },
    (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers)
      answer.pipe(res)
    }
  )
  upstream.on('error', () => res.destroy())
  req.pipe(upstream)
}).listen(Number(process.env.PORT), process.env.HOST ?? '127.0.0.1')
