// Slowloris against the manager's front door (issue 26, finding 7): many connections that send
// incomplete headers, from several loopback source addresses, while /healthz and an
// authenticated GET /servers are probed from 127.0.0.1. Runs alone, needs no cluster:
//   node bench/slow-connections.ts            (BENCH_SLOW_CONNECTIONS=25000, BENCH_DURATION=30)
// The server is the real front door (serveApp, composeApp, bearer tokens, the list handler)
// over an in-memory backend, in a child process; the slow connections come from child processes
// too, each under its own file-descriptor limit (ulimit -n cannot be raised here). 127.0.0.1
// only; every process stops by itself after the duration.
import { fork, type ChildProcess } from 'node:child_process'
import { get } from 'node:http'
import { writeFileSync } from 'node:fs'
import { connect, type Socket } from 'node:net'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const TOKEN = 'bench-token-0123456789abcdefghij'
const FILE = fileURLToPath(import.meta.url)
const [role = 'main', ...args] = process.argv.slice(2)

if (role === 'server') await serveFrontDoor()
else if (role === 'attacker')
  await attack(Number(args[0]), Number(args[1]), Number(args[2]), Number(args[3]))
else await main()

async function serveFrontDoor() {
  const { MemoryBackend } = await import('@mcp-lifecycle/core/testing')
  const { createListApp } = await import('@mcp-lifecycle/handlers')
  const { composeApp, createRuntime, handlerDeps, serveApp } =
    await import('@mcp-lifecycle/runtime')
  const { writeTestKubeconfig } = await import('@mcp-lifecycle/runtime/testing')
  // Never reached: the list is served from memory.
  const kubeconfig = writeTestKubeconfig('mcpl-bench-slow-')
  const tokens = join(dirname(kubeconfig), 'tokens.json')
  writeFileSync(tokens, JSON.stringify({ tokens: [{ id: 'bench', scope: 'read', token: TOKEN }] }))
  const runtime = createRuntime({
    ...process.env,
    KUBECONFIG: kubeconfig,
    MCPL_TOKENS_FILE: tokens,
    HOST: '127.0.0.1',
    PORT: '0',
    MCPL_LOG_LEVEL: 'silent',
  })
  const deps = {
    ...handlerDeps(runtime),
    backend: new MemoryBackend([{ name: 'mcp-a', replicas: 1 }]),
  }
  const server = serveApp(composeApp(deps, [createListApp(deps)], runtime), runtime, 'bench')
  server.once('listening', () => {
    const address = server.address()
    send({ port: typeof address === 'object' && address ? address.port : 0 })
  })
  // The connections the server holds, as it counts them (the clients' count includes the
  // ones still waiting in the kernel's accept queue).
  setInterval(() => server.getConnections((_e, held) => send({ held })), 250).unref()
}

/** Holds `count` slow connections from 127.0.0.<first..first+addresses-1>, reopening closed ones. */
async function attack(port: number, count: number, firstAddress: number, addresses: number) {
  const until = Date.now() + Number(process.env.BENCH_DURATION ?? 30) * 1000
  let open = 0
  let opened = 0
  let closedByServer = 0
  let failed = 0
  const openOne = (i: number) => {
    if (Date.now() > until) return
    const socket: Socket = connect({
      port,
      host: '127.0.0.1',
      localAddress: `127.0.0.${firstAddress + (i % addresses)}`,
    })
    let connected = false
    socket.on('connect', () => {
      connected = true
      open++
      opened++
      // Headers that never end, one byte now and then (slowloris).
      socket.write('GET /servers HTTP/1.1\r\nHost: 127.0.0.1\r\n')
      const drip = setInterval(() => socket.write('X-a: b\r\n'), 5000)
      socket.once('close', () => clearInterval(drip))
    })
    socket.on('error', () => {})
    socket.on('close', () => {
      if (connected) {
        open--
        closedByServer++
      } else failed++
      // The attacker tries again, a second later.
      setTimeout(() => openOne(i), 1000).unref()
    })
  }
  // Opened in batches, so the listen queue is not the only thing measured.
  for (let i = 0; i < count; i++) {
    openOne(i)
    if (i % 500 === 499) await new Promise((resolve) => setTimeout(resolve, 50))
  }
  const report = setInterval(() => send({ open, opened, closedByServer, failed }), 1000)
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, until - Date.now())))
  clearInterval(report)
  send({ open, opened, closedByServer, failed, done: true })
  process.exit(0)
}

/** One GET on a new connection (a kept-alive one would dodge the attack), 5 s at most. */
function probe(url: string, headers: Record<string, string> = {}) {
  const started = performance.now()
  const done = (ok: boolean) => ({ ok, ms: performance.now() - started })
  return new Promise<{ ok: boolean; ms: number }>((resolve) => {
    const request = get(url, { agent: false, headers, timeout: 5000 }, (response) => {
      response.resume()
      response.on('end', () => resolve(done(response.statusCode === 200)))
      response.on('error', () => resolve(done(false)))
    })
    request.on('timeout', () => request.destroy())
    request.on('error', () => resolve(done(false)))
  })
}

async function main() {
  const total = Number(process.env.BENCH_SLOW_CONNECTIONS ?? 25000)
  const duration = Number(process.env.BENCH_DURATION ?? 30)
  const perProcess = 12500 // under each process's 20,000 descriptors
  const children: ChildProcess[] = []
  const stopAll = () => children.forEach((child) => child.kill())
  process.once('exit', stopAll)
  const server = fork(FILE, ['server'], { stdio: 'inherit' })
  children.push(server)
  const port = await new Promise<number>((resolve) =>
    server.once('message', (m: { port: number }) => resolve(m.port))
  )
  let serverHeld = 0
  let maxServerHeld = 0
  server.on('message', (m: { held?: number }) => {
    if (m.held === undefined) return
    serverHeld = m.held
    maxServerHeld = Math.max(maxServerHeld, m.held)
  })
  const base = `http://127.0.0.1:${port}`
  console.log(`front door on ${base}; ${total} slow connections for ${duration} s`)
  const attackers: { open: number; opened: number; closedByServer: number; failed: number }[] = []
  for (let p = 0; p * perProcess < total; p++) {
    const count = Math.min(perProcess, total - p * perProcess)
    // 50 source addresses per process: 127.0.0.2-51, 127.0.0.52-101, ...
    const child = fork(FILE, ['attacker', String(port), String(count), String(2 + p * 50), '50'], {
      stdio: 'inherit',
      env: { ...process.env, BENCH_DURATION: String(duration) },
    })
    attackers[p] = { open: 0, opened: 0, closedByServer: 0, failed: 0 }
    child.on('message', (m: (typeof attackers)[number]) => (attackers[p] = m))
    children.push(child)
  }
  const health: { ok: boolean; ms: number }[] = []
  const list: { ok: boolean; ms: number }[] = []
  const until = Date.now() + duration * 1000
  let maxHeld = 0
  while (Date.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, 500))
    health.push(await probe(`${base}/healthz`))
    list.push(await probe(`${base}/servers`, { authorization: `Bearer ${TOKEN}` }))
    maxHeld = Math.max(
      maxHeld,
      attackers.reduce((sum, a) => sum + a.open, 0)
    )
  }
  const summary = (name: string, probes: { ok: boolean; ms: number }[]) => {
    const ok = probes.filter((p) => p.ok)
    const sorted = ok.map((p) => p.ms).sort((a, b) => a - b)
    const at = (q: number) =>
      sorted.length ? sorted[Math.floor((sorted.length - 1) * q)]!.toFixed(1) : '-'
    return `${name.padEnd(16)} ${String(ok.length).padStart(4)}/${probes.length} answered   p50 ${at(0.5)} ms   p99 ${at(0.99)} ms   max ${at(1)} ms`
  }
  const sum = (key: keyof (typeof attackers)[number]) => attackers.reduce((s, a) => s + a[key], 0)
  console.log(
    `slow connections: ${total} attempted at once; the server held at most ${maxServerHeld} ` +
      `(${serverHeld} at the end); clients saw up to ${maxHeld} connected; ` +
      `${sum('opened')} accepted, ${sum('closedByServer')} closed by the server, ${sum('failed')} failed to connect`
  )
  console.log(summary('GET /healthz', health))
  console.log(summary('GET /servers', list))
  stopAll()
  process.exit(0)
}

/** To the parent, while it listens (it may have stopped first). */
function send(message: object) {
  if (process.connected) process.send?.(message)
}
