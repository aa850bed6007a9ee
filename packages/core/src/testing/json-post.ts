/** For the tests: a POST of `body` as JSON (a string is sent as it is), with extra `headers`. */
export function jsonPost(body: unknown, headers: Record<string, string> = {}) {
  return {
    method: 'POST',
    body: typeof body === 'string' ? body : JSON.stringify(body),
    headers: { 'content-type': 'application/json', ...headers },
  }
}
