/** The events of a change stream: the list first, then per server. */
export type ChangeEventType = 'list' | 'server' | 'removed'

/** One server's change, encoded once for every stream that may see it. */
export interface SharedChange<F> {
  name: string
  frame: F
}
