// The table of servers: one row per server, kept in namespace then name order and updated in
// place, so that a live change never takes the keyboard focus away from a button or the
// replicas field. The namespace column shows only when the servers of several are listed.

/** What each status is called on the page: a server at zero is idle, not a fault. */
const STATUS_LABELS = {
  running: 'running',
  stopped: 'idle',
  scaling: 'scaling',
  pending: 'pending',
  failed: 'failed',
}

const relative = new Intl.RelativeTimeFormat('en', { numeric: 'auto' })
const UNITS = [
  ['day', 86_400],
  ['hour', 3_600],
  ['minute', 60],
]

/** "5 minutes ago", "yesterday"; "just now" under a minute. */
export function timeAgo(iso, now = Date.now()) {
  const seconds = Math.round((now - Date.parse(iso)) / 1000)
  for (const [unit, size] of UNITS)
    if (seconds >= size) return relative.format(-Math.floor(seconds / size), unit)
  return 'just now'
}

/** A server's key in the table: `namespace/name` when the stream names namespaces. */
export function serverKey(view) {
  return view.namespace === undefined ? view.name : `${view.namespace}/${view.name}`
}

/**
 * Renders servers into `table`; `actions` ({start, stop, forceStop, scale}) are called with
 * the server (`{name, namespace}`, and the replicas for scale) when a button is used.
 */
export function createServerTable(table, actions) {
  const body = table.tBodies[0]
  const rows = new Map()

  function upsert(view) {
    const key = serverKey(view)
    let row = rows.get(key)
    if (!row) {
      row = createRow(view, actions)
      rows.set(key, row)
      const next = [...rows.keys()].sort().find((other) => other > key)
      body.insertBefore(row.element, next ? rows.get(next).element : null)
      showNamespaces()
    }
    row.update(view)
    table.hidden = false
  }

  function remove(key) {
    rows.get(key)?.element.remove()
    rows.delete(key)
    showNamespaces()
  }

  function showNamespaces() {
    const namespaces = new Set([...rows.values()].map((row) => row.namespace))
    table.dataset.namespaces = namespaces.size > 1 ? 'several' : 'one'
  }

  /** Replaces the servers of `namespace` (undefined: every server) by `views`. */
  function replace(views, namespace) {
    const keys = new Set(views.map(serverKey))
    for (const [key, row] of [...rows])
      if ((namespace === undefined || row.namespace === namespace) && !keys.has(key)) remove(key)
    views.forEach(upsert)
    table.hidden = false
  }

  return {
    upsert,
    remove,
    replace,
    clear() {
      for (const key of [...rows.keys()]) remove(key)
      table.hidden = true
    },
    setReason: (key, reason) => rows.get(key)?.setReason(reason),
    setBusy: (key, busy) => rows.get(key)?.setBusy(busy),
    refreshTimes: () => rows.forEach((row) => row.refreshTime()),
  }
}

function el(tag, props = {}, ...children) {
  const node = Object.assign(document.createElement(tag), props)
  node.append(...children)
  return node
}

function createRow(server, actions) {
  const { name, namespace } = server
  const target = { name, namespace }
  const badge = el('span', { className: 'badge' })
  const reason = el('span', { className: 'reason' })
  const replicas = el('td')
  const endpoints = el('ul', { className: 'endpoints' })
  const activity = el('time')
  const timeout = el('td')
  const discovery = el('time')
  // Each button's name says which server it acts on: "Start mcp-github", not "Start".
  const button = (label, type = 'button', className = '') => {
    const node = el('button', { type, className }, label)
    node.setAttribute('aria-label', `${label} ${name}`)
    return node
  }
  const start = button('Start')
  const stop = button('Stop')
  const forceStop = button('Force stop', 'button', 'danger')
  const count = el('input', { type: 'number', min: '0', step: '1', required: true })
  const scale = button('Scale', 'submit')
  const scaleForm = el(
    'form',
    { className: 'scale' },
    el('label', {}, el('span', { className: 'visually-hidden' }, `Replicas for ${name}`), count),
    scale
  )

  start.addEventListener('click', () => actions.start(target))
  stop.addEventListener('click', () => actions.stop(target))
  forceStop.addEventListener('click', () => actions.forceStop(target))
  scaleForm.addEventListener('submit', (event) => {
    event.preventDefault()
    actions.scale(target, Number(count.value))
  })

  const element = el(
    'tr',
    {},
    el('th', { scope: 'row' }, name),
    el('td', { className: 'namespace' }, namespace ?? ''),
    el('td', {}, badge, reason),
    replicas,
    el('td', {}, endpoints),
    el('td', {}, activity),
    timeout,
    el('td', {}, discovery),
    el('td', {}, el('div', { className: 'actions' }, start, stop, forceStop, scaleForm))
  )
  element.dataset.server = name
  if (namespace !== undefined) element.dataset.namespace = namespace

  let current
  let busy = false
  const refreshButtons = () => {
    start.disabled = busy || current.replicas > 0
    stop.disabled = busy || current.status === 'stopped'
    forceStop.disabled = busy || current.status === 'stopped'
    scale.disabled = busy
  }

  return {
    element,
    namespace,
    update(view) {
      const statusChanged = current?.status !== view.status
      current = view
      badge.textContent = STATUS_LABELS[view.status] ?? view.status
      badge.dataset.status = view.status
      if (statusChanged) reason.textContent = ''
      replicas.textContent = `${view.ready_replicas} / ${view.replicas}`
      endpoints.replaceChildren(...view.endpoints.map((url) => el('li', {}, el('code', {}, url))))
      if (view.endpoints.length === 0) endpoints.append(el('li', { className: 'none' }, 'none'))
      this.refreshTime()
      timeout.textContent = view.idle_timeout ?? 'none'
      // The field follows the server, except while someone is typing in it.
      if (document.activeElement !== count) count.value = String(view.replicas)
      refreshButtons()
    },
    refreshTime() {
      const at = current?.last_activity
      activity.textContent = at ? timeAgo(at) : 'never'
      activity.dateTime = at ?? ''
      activity.title = at ? new Date(at).toLocaleString() : ''
      // Discovery answered while asleep: absent when this manager has not seen the server's.
      const kept = current?.discovery
      const taken = kept?.kept ? kept.taken_at : null
      discovery.textContent = !kept ? 'unknown' : taken ? `kept, ${timeAgo(taken)}` : 'none'
      discovery.dateTime = taken ?? ''
      discovery.title = taken
        ? `${kept.revisions.join(', ')}, taken ${new Date(taken).toLocaleString()}`
        : ''
    },
    setReason(text) {
      reason.textContent = text ?? ''
    },
    setBusy(value) {
      busy = value
      element.setAttribute('aria-busy', String(value))
      refreshButtons()
    },
  }
}
