export type FetchFn = typeof globalThis.fetch

// Node's global fetch gives up on a response whose headers take more than 300 s, shorter than
// the longest wait a manager allows; the deadlines of manager-connection.ts bound every call instead. undici is
// loaded on the first call only: it takes a moment, and most runs never need it.
export function defaultFetch(): FetchFn {
  let patient: Promise<FetchFn> | undefined
  return async (input, init) => {
    patient ??= import('undici').then(({ Agent, fetch }) => {
      const dispatcher = new Agent({ headersTimeout: 0, bodyTimeout: 0 })
      return ((url: URL, options: RequestInit) =>
        fetch(url, { ...(options as object), dispatcher })) as unknown as FetchFn
    })
    return (await patient)(input, init)
  }
}
