// The dashboard: asks for a token once per tab, follows GET /servers?watch=true with it (read
// with fetch: EventSource cannot send the Authorization header), and acts on the buttons.
// It follows every namespace the token is given (all_namespaces=true), each server's actions
// going to its own namespace's routes.
import { ApiError, callApi, postAction, startFailureReason } from './api.js'
import { readEvents } from './read-events.js'
import { createServerTable, serverKey } from './server-table.js'
import { askForToken, forgetToken, savedToken } from './token.js'

/** The server sends a heartbeat every 15 s: three missed ones mean the stream is dead. */
const QUIET_LIMIT_MS = 45_000
const MAX_BACKOFF_MS = 30_000

const $ = (id) => document.getElementById(id)
const connection = $('connection')
const message = $('message')
const forgetButton = $('forget')
const table = createServerTable($('servers'), { start, stop, forceStop, scale })

let token = null
let stream = null

forgetButton.addEventListener('click', () => {
  forgetToken()
  token = null
  stream?.abort()
})
setInterval(() => table.refreshTimes(), 30_000)
run()

async function run() {
  for (let backoff = 1000; ;) {
    token ??= savedToken() ?? (await ask())
    try {
      await follow()
      backoff = 1000
      connection.textContent = 'The stream ended; reconnecting'
    } catch (error) {
      if (token === null) continue // forgotten: ask again at once
      if (error instanceof ApiError && (error.status === 401 || error.status === 403)) {
        forgetToken()
        token = null
        message.textContent = error.message
        continue
      }
      connection.textContent = `Disconnected (${error.message}); retrying in ${backoff / 1000} s`
    }
    await new Promise((resolve) => setTimeout(resolve, backoff))
    backoff = Math.min(backoff * 2, MAX_BACKOFF_MS)
  }
}

async function ask() {
  table.clear()
  forgetButton.hidden = true
  connection.textContent = 'Not connected'
  return askForToken($('token-form'))
}

async function follow() {
  const current = (stream = new AbortController())
  connection.textContent = 'Connecting'
  try {
    const response = await callApi(token, '/servers?watch=true&all_namespaces=true', {
      headers: { Accept: 'text/event-stream' },
      signal: current.signal,
    })
    message.textContent = ''
    forgetButton.hidden = false
    connection.textContent = 'Live'
    for await (const { event, data } of readEvents(watchdog(response.body, current)))
      onEvent(event, JSON.parse(data))
  } finally {
    current.abort() // closes the connection whichever way the stream ended
  }
}

/** Passes the body through, and aborts `stream` when nothing (not even a heartbeat) comes. */
function watchdog(body, stream) {
  let timer
  const arm = () => {
    clearTimeout(timer)
    timer = setTimeout(() => stream.abort(new Error('no heartbeat')), QUIET_LIMIT_MS)
  }
  arm()
  const transform = (chunk, controller) => (arm(), controller.enqueue(chunk))
  return body.pipeThrough(new TransformStream({ transform, flush: () => clearTimeout(timer) }))
}

function onEvent(event, data) {
  if (event === 'list') {
    table.replace(data.servers, data.namespace)
    data.servers.forEach(lookUpReason)
  } else if (event === 'server') {
    table.upsert(data)
    lookUpReason(data)
  } else if (event === 'removed') {
    table.remove(serverKey(data))
  } else if (event === 'error') {
    throw new ApiError(data.status, data.detail)
  }
}

/** The change stream carries no reason: a pending or failed server's status does. */
function lookUpReason(view) {
  if (view.status !== 'pending' && view.status !== 'failed') return
  startFailureReason(token, view)
    .then((reason) => table.setReason(serverKey(view), reason))
    .catch(() => {})
}

async function act(server, action, body, done) {
  const key = serverKey(server)
  table.setBusy(key, true)
  try {
    await postAction(token, server, action, body)
    message.textContent = ''
    $('notice').textContent = `${server.name}: ${done}`
  } catch (error) {
    message.textContent = `${server.name}: ${error.message}`
  } finally {
    table.setBusy(key, false)
  }
}

function start(server) {
  // The table shows the server come up live: no need to hold the request until it is ready.
  return act(server, 'start', { wait_ready: false }, 'start asked')
}

function stop(server) {
  return act(server, 'stop', { force: false }, 'stop asked')
}

function forceStop(server) {
  const question = `Force stop ${server.name}? Its pods are deleted at once, with no grace period: requests in progress are cut off.`
  if (confirm(question)) return act(server, 'stop', { force: true }, 'force stop done')
}

function scale(server, replicas) {
  return act(server, 'scale', { replicas }, `scale to ${replicas} asked`)
}
