// Seeded random draws for the property tests (aggregates of pledges, funds and the linkage pilots): the same
// seed draws the same writes, so a failure repeats. Test support only: not built, not exported.

/** A small deterministic generator (mulberry32) in [0, 1). */
export const generator = (seed: number) => {
  let a = seed
  return () => {
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296 // float-ok: a random draw, not money
  }
}

/** The draws a property test makes from one seed. */
export const randomDraws = (seed: number) => {
  const random = generator(seed)
  /** One element of a non-empty list. */
  const pick = <A>(list: ReadonlyArray<A>): A => list[Math.floor(random() * list.length)]!
  /** A day (1–28, so every month has it) of a year from `fromYear` to `toYear`, as `yyyy-mm-dd`. */
  const date = (fromYear: number, toYear: number) => {
    const y = fromYear + Math.floor(random() * (toYear - fromYear + 1))
    const m = 1 + Math.floor(random() * 12)
    const d = 1 + Math.floor(random() * 28)
    return `${y}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`
  }
  /** An amount of yuan from 1.00 to 900,000.99 as a decimal string (exact, never a float). */
  const amount = () =>
    `${1 + Math.floor(random() * 900000)}.${String(Math.floor(random() * 100)).padStart(2, "0")}`
  return { random, pick, date, amount }
}

/**
 * A write the domain may refuse (a rule, a conflict, a record not there): refused, it answers `undefined`
 * and must have changed nothing; any other error is a failure of the test.
 */
export const attempt = async <A>(write: () => Promise<A>): Promise<A | undefined> => {
  try {
    return await write()
  } catch (error) {
    const tag = (error as { _tag?: string })._tag
    if (tag === "ValidationError" || tag === "ConflictError" || tag === "NotFoundError") return undefined
    throw error
  }
}
