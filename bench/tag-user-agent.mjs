// Preloaded (`node --import bench/tag-user-agent.mjs <entry>`) into a process the bench runs as
// shipped (the manager's main.ts, a function bundle): every request undici sends from it, the
// bundled copy included, carries BENCH_USER_AGENT as its user agent, so the API server's audit
// log attributes the API requests to that process. Nothing else in the process changes: plain
// JavaScript, so that a bundle's process does not load Node's TypeScript stripper for it (~25 MB
// of resident memory, measured).
import { subscribe } from 'node:diagnostics_channel'

const userAgent = process.env.BENCH_USER_AGENT

if (userAgent) {
  // undici publishes every request it builds here, headers as a flat [name, value, ...] list.
  subscribe('undici:request:create', (message) => {
    const headers = /** @type {{ request: { headers: unknown } }} */ (message).request.headers
    if (!Array.isArray(headers)) return
    const at = headers.findIndex((h, i) => i % 2 === 0 && String(h).toLowerCase() === 'user-agent')
    if (at >= 0) headers[at + 1] = userAgent
    else headers.push('user-agent', userAgent)
  })
}
