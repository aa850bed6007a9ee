/** The fetch the adapter sends every request through (API calls and watches alike). */
export type FetchFn = (input: string | URL, init?: Record<string, unknown>) => Promise<Response>

/** Watches are long-lived streams: timeouts and metrics treat them apart from calls. */
export function isWatchRequest(input: string | URL): boolean {
  return new URL(String(input)).searchParams.get('watch') === 'true'
}
