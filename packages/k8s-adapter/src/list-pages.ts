import type { AdapterContext } from './adapter-context.ts'
import { KubernetesApiError } from './kubernetes-api-error.ts'
import type { KubeList, KubeObject } from './kube-object.ts'

/** Objects per LIST page: the size client-go's reflector asks for. */
export const LIST_PAGE_SIZE = 500

/** A continue token outlived the API server's compaction window: the list starts over. */
const MAX_RESTARTS = 3

interface Page<O> {
  items?: O[]
  metadata?: { resourceVersion?: string; continue?: string }
}

/**
 * A LIST of a whole collection in pages (`limit` and `continue`, one consistent snapshot), each
 * page's objects passed through `keep` before the next page is read: only one page of the API
 * server's objects is in memory at once, beside what `keep` returns (a cache's projection),
 * never the whole collection as the API server sent it.
 */
export async function listPages<O extends KubeObject>(
  ctx: AdapterContext,
  path: string,
  selectors: { labelSelector?: string; fieldSelector?: string },
  keep: (object: O) => O,
  signal?: AbortSignal
): Promise<KubeList<O>> {
  for (let restarts = 0; ; restarts++) {
    const kept: O[] = []
    let token = ''
    let resourceVersion = ''
    for (;;) {
      const query = {
        ...definedOnly(selectors),
        limit: String(LIST_PAGE_SIZE),
        ...(token && { continue: token }),
      }
      const response = await ctx.api.stream(path, query, signal)
      if (response.status === 410 && token && restarts < MAX_RESTARTS) {
        await response.body?.cancel()
        break
      }
      if (!response.ok) throw await KubernetesApiError.from('GET', path, response)
      const page = (await response.json()) as Page<O>
      for (const object of page.items ?? []) kept.push(keep(object))
      resourceVersion = page.metadata?.resourceVersion ?? resourceVersion
      token = page.metadata?.continue ?? ''
      if (!token) return { items: kept, metadata: { resourceVersion } }
    }
  }
}

function definedOnly(selectors: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(selectors).filter((entry): entry is [string, string] => entry[1] !== undefined)
  )
}
