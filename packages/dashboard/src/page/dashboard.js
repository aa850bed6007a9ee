// The dashboard: asks for a token once per tab, follows GET /servers?watch=true with it (read
// with fetch: EventSource cannot send the Authorization header), and acts on the buttons.
import { ApiError, callApi, postAction, startFailureReason } from './api.js'
import { readEvents } from './read-events.js'
import { createServerTable } from './server-table.js'
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
    const response = await callApi(token, '/servers?watch=true', {
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
    table.replaceAll(data.servers)
    data.servers.forEach(lookUpReason)
  } else if (event === 'server') {
    table.upsert(data)
    lookUpReason(data)
  } else if (event === 'removed') {
    table.remove(data.name)
  } else if (event === 'error') {
    throw new ApiError(data.status, data.detail)
  }
}

/** The change stream carries no reason: a pending or failed server's status does. */
function lookUpReason(view) {
  if (view.status !== 'pending' && view.status !== 'failed') return
  startFailureReason(token, view.name)
    .then((reason) => table.setReason(view.name, reason))
    .catch(() => {})
}

async function act(name, action, body, done) {
  table.setBusy(name, true)
  try {
    await postAction(token, name, action, body)
    message.textContent = ''
    $('notice').textContent = `${name}: ${done}`
  } catch (error) {
    message.textContent = `${name}: ${error.message}`
  } finally {
    table.setBusy(name, false)
  }
}

function start(name) {
  // The table shows the server come up live: no need to hold the request until it is ready.
  return act(name, 'start', { wait_ready: false }, 'start asked')
}

function stop(name) {
  return act(name, 'stop', { force: false }, 'stop asked')
}

function forceStop(name) {
  const question = `Force stop ${name}? Its pods are deleted at once, with no grace period: requests in progress are cut off.`
  if (confirm(question)) return act(name, 'stop', { force: true }, 'force stop done')
}

function scale(name, replicas) {
  return act(name, 'scale', { replicas }, `scale to ${replicas} asked`)
}
