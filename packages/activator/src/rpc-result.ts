import { sseData } from './ready-probe.ts'

/**
 * The JSON-RPC result for `id` in a pod's answer (a JSON body, or one of its SSE events);
 * undefined for an error, another id, or anything that is not one.
 */
export function rpcResultOf(
  text: string,
  contentType: string,
  id: string | number
): Record<string, unknown> | undefined {
  const messages = contentType.includes('text/event-stream') ? sseData(text) : [text]
  for (const data of messages) {
    let parsed: unknown
    try {
      parsed = JSON.parse(data)
    } catch {
      continue
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) continue
    const m = parsed as { id?: unknown; result?: unknown; error?: unknown }
    if (m.id !== id || m.error !== undefined) continue
    const result = m.result
    if (typeof result === 'object' && result !== null && !Array.isArray(result)) {
      return result as Record<string, unknown>
    }
  }
  return undefined
}

const LIST_CHANGED = /"method"\s*:\s*"notifications\/(tools|prompts|resources)\/list_changed"/g

/** The kinds of list a server said changed (`notifications/{kind}/list_changed`) in `text`. */
export function listsChangedIn(text: string): ('tools' | 'prompts' | 'resources')[] {
  return [...text.matchAll(LIST_CHANGED)].map((m) => m[1] as 'tools' | 'prompts' | 'resources')
}
