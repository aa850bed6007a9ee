/**
 * For the tests: the first `count` items a watch yields, then the watch is aborted (as a user's
 * Ctrl-C or a deadline would). The watch's own error, if it fails before, is thrown.
 */
export async function takeFirst<T>(
  count: number,
  watch: (signal: AbortSignal) => AsyncIterable<T>
): Promise<T[]> {
  const controller = new AbortController()
  const seen: T[] = []
  try {
    for await (const item of watch(controller.signal)) {
      seen.push(item)
      if (seen.length === count) controller.abort()
    }
  } catch (error) {
    if (!controller.signal.aborted) throw error
  }
  return seen
}
