/** What a listed or watched object carries that list-then-watch reads. */
export interface KubeObject {
  metadata?: { name?: string; namespace?: string; resourceVersion?: string }
}

/** A LIST answer: its objects, and the resourceVersion a watch of them starts from. */
export interface KubeList<O> {
  items: O[]
  metadata?: { resourceVersion?: string }
}
