import * as v from 'valibot'

/** A setting read from text (an environment variable) as a whole number in a range. */
export const wholeNumberSetting = (name: string, min: number, max: number) =>
  v.pipe(
    v.string(),
    v.regex(/^\d+$/, `${name} must be a whole number`),
    v.transform(Number),
    v.minValue(min, `${name} must be at least ${min}`),
    v.maxValue(max, `${name} must be at most ${max}`)
  )

/** A comma-separated list setting, blanks dropped. */
/** A whole-number setting in a range, `fallback` when unset. */
export const wholeNumberOr = (name: string, min: number, max: number, fallback: number) =>
  v.optional(wholeNumberSetting(name, min, max), String(fallback))

/** A setting of non-empty text. */
export const textSetting = v.pipe(v.string(), v.minLength(1))

export const listSetting = v.pipe(
  v.string(),
  v.transform((text) =>
    text
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)
  )
)
