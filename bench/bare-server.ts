// The floor of the hot-path benchmark: a bare node:http server that answers every request with
// the bytes of one recorded answer (status, headers, body), after reading the request's body as
// any server must. `node bench/bare-server.ts <answer.json>`, PORT from the environment.
import { readFileSync } from 'node:fs'
import { createServer } from 'node:http'

/** One recorded answer, as hot-path-lib.ts writes it. */
export interface RecordedAnswer {
  status: number
  headers: [string, string][]
  bodyBase64: string
}

const answer = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as RecordedAnswer
const body = Buffer.from(answer.bodyBase64, 'base64')
const headers: Record<string, string> = Object.fromEntries(answer.headers)
headers['content-length'] = String(body.length)

createServer((req, res) => {
  req.resume()
  req.once('end', () => {
    res.writeHead(answer.status, headers)
    res.end(body)
  })
}).listen(Number(process.env.PORT), process.env.HOST ?? '127.0.0.1')
