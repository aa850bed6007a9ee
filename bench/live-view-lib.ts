// Helpers of the live-view benchmark (live-view.ts): a Server-Sent Events reader and a raw watch
// of the Deployments.
import { readWatchEvents } from '@mcp-lifecycle/k8s-adapter/testing'

export interface SseEvent {
  event: string
  data: unknown
  /** performance.now() when the event was read */
  at: number
}

/** Reads a text/event-stream, calling `onEvent` for each event, until the signal aborts. */
export async function readSse(
  url: string,
  signal: AbortSignal,
  onEvent: (event: SseEvent) => void
): Promise<void> {
  const response = await fetch(url, { signal, headers: { accept: 'text/event-stream' } })
  if (!response.ok || !response.body) throw new Error(`${url} answered ${response.status}`)
  let buffer = ''
  try {
    for await (const chunk of response.body.pipeThrough(new TextDecoderStream())) {
      buffer += chunk
      let end = buffer.indexOf('\n\n')
      while (end >= 0) {
        const block = buffer.slice(0, end)
        buffer = buffer.slice(end + 2)
        const event = /^event: ?(.*)$/m.exec(block)?.[1]
        const data = block
          .split('\n')
          .filter((l) => l.startsWith('data:'))
          .map((l) => l.slice(5).trimStart())
          .join('\n')
        if (event && data) onEvent({ event, data: JSON.parse(data), at: performance.now() })
        end = buffer.indexOf('\n\n')
      }
    }
  } catch (error) {
    if (!signal.aborted) throw error
  }
}

/** A raw watch of the namespace's Deployments (no list first), as another client sees them. */
export async function watchDeploymentsRaw(
  stream: (path: string, query: Record<string, string>, signal: AbortSignal) => Promise<Response>,
  namespace: string,
  signal: AbortSignal,
  onEvent: (name: string, replicas: number | undefined, at: number) => void
): Promise<void> {
  const response = await stream(
    `/apis/apps/v1/namespaces/${namespace}/deployments`,
    { watch: 'true', resourceVersion: '0', allowWatchBookmarks: 'false' },
    signal
  )
  if (!response.ok || !response.body) throw new Error(`watch answered ${response.status}`)
  try {
    for await (const event of readWatchEvents(response.body)) {
      const object = event.object as { metadata?: { name?: string }; spec?: { replicas?: number } }
      onEvent(object.metadata?.name ?? '', object.spec?.replicas, performance.now())
    }
  } catch (error) {
    if (!signal.aborted) throw error
  }
}
