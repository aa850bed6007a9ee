/** An answer of the API that is not 2xx: its problem+json detail, and the status. */
export class ApiError extends Error {
  constructor(status, detail) {
    super(detail)
    this.status = status
  }
}

/** Calls the API of this origin with the bearer token; resolves with the Response if 2xx. */
export async function callApi(token, path, init = {}) {
  const headers = { ...init.headers, Authorization: `Bearer ${token}` }
  const response = await fetch(path, { ...init, headers, cache: 'no-store' })
  if (response.ok) return response
  const problem = await response.json().catch(() => ({}))
  throw new ApiError(response.status, problem.detail || `${response.status} ${response.statusText}`)
}

/** A server's path: `/namespaces/{namespace}/servers/{name}` when it names its namespace. */
function serverPath({ name, namespace }) {
  const path = `/servers/${encodeURIComponent(name)}`
  return namespace === undefined ? path : `/namespaces/${encodeURIComponent(namespace)}${path}`
}

/** POST {server}/{action} with a JSON body. */
export function postAction(token, server, action, body) {
  return callApi(token, `${serverPath(server)}/${action}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  })
}

/** Why a pending or failed server cannot start (GET {server}), when the API knows. */
export async function startFailureReason(token, server) {
  const response = await callApi(token, serverPath(server))
  return (await response.json()).reason ?? null
}
