/**
 * The header fields of a pod's answer as the proxy passes them on: what it reads and sets of
 * them, whatever holds them (fetch's Headers in tests, AnswerHeaders on the proxy's path). Names
 * in lower case.
 */
export interface AnswerFields {
  get(name: string): string | null
  set(name: string, value: string): void
  forEach(each: (value: string, name: string) => void): void
}

/**
 * A pod's answer headers on the proxy's path: names in lower case, repeats joined by ', ' as
 * fetch's Headers joins them, in a Map. Not a fetch Headers: node's parser already checked every
 * name and value, and a Headers checks and sorts them again at every answer.
 */
export class AnswerHeaders implements AnswerFields {
  readonly #fields = new Map<string, string>()

  get(name: string): string | null {
    return this.#fields.get(name) ?? null
  }

  set(name: string, value: string): void {
    this.#fields.set(name, value)
  }

  append(name: string, value: string): void {
    const had = this.#fields.get(name)
    this.#fields.set(name, had === undefined ? value : `${had}, ${value}`)
  }

  forEach(each: (value: string, name: string) => void): void {
    for (const [name, value] of this.#fields) each(value, name)
  }
}
