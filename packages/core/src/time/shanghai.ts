import { Clock, Effect, SchemaAST } from "effect"
import { type FieldIssue, ValidationError } from "../errors.js"
import { sayAt } from "../text/messages.js"
import {
  businessDateProblem,
  type DatePeriod,
  fromEpochDay,
  isBusinessDate,
  notAfterTodayAnnotation,
  type PeriodKind,
  periodOf,
  toEpochDay
} from "./dates.js"

/** Asia/Shanghai is UTC+8 all year (China has not observed daylight saving time since 1991). */
export const SHANGHAI_UTC_OFFSET_MILLIS = 8 * 60 * 60 * 1000

const MILLIS_PER_DAY = 24 * 60 * 60 * 1000

/**
 * The business date in Asia/Shanghai at an instant (milliseconds since the Unix epoch):
 * `shanghaiDateOf(Date.parse("2025-12-31T16:30:00Z"))` → `"2026-01-01"`.
 */
export const shanghaiDateOf = (epochMillis: number): string => {
  if (!Number.isFinite(epochMillis)) throw new RangeError(`${epochMillis} is not an instant`)
  return fromEpochDay(Math.floor((epochMillis + SHANGHAI_UTC_OFFSET_MILLIS) / MILLIS_PER_DAY))
}

/** Today's business date in Asia/Shanghai, read from Effect's `Clock` (so tests control it with `TestClock`). */
export const todayInShanghai: Effect.Effect<string> = Effect.map(Clock.currentTimeMillis, shanghaiDateOf)

/** The month, quarter or year containing today in Asia/Shanghai (inclusive bounds). */
export const currentPeriod = (kind: PeriodKind): Effect.Effect<DatePeriod> =>
  Effect.map(todayInShanghai, (today) => periodOf(today, kind))

/** Noon in Asia/Shanghai on `date` (04:00 UTC), as milliseconds since the Unix epoch. */
export const shanghaiNoonOf = (date: string): number => toEpochDay(date) * MILLIS_PER_DAY + 4 * 60 * 60 * 1000

/**
 * A `Clock` whose wall time is `now()` (milliseconds since the Unix epoch); sleeping and monotonic time
 * stay those of the real clock, so retries and timeouts behave as usual.
 */
export const clockFrom = (now: () => number): Clock.Clock => {
  const real = Clock.Clock.defaultValue()
  return {
    currentTimeMillisUnsafe: now,
    currentTimeMillis: Effect.sync(now),
    currentTimeNanosUnsafe: () => BigInt(now()) * 1_000_000n,
    currentTimeNanos: Effect.sync(() => BigInt(now()) * 1_000_000n),
    monotonicTimeNanosUnsafe: () => real.monotonicTimeNanosUnsafe(),
    monotonicTimeNanos: real.monotonicTimeNanos,
    sleep: (duration) => real.sleep(duration)
  }
}

/** A `Clock` standing still at noon of `date` in Asia/Shanghai (so `todayInShanghai` is `date`). */
export const fixedClock = (date: string): Clock.Clock => {
  const problem = businessDateProblem(date)
  if (problem !== undefined) throw new RangeError(`today: ${problem}`)
  const millis = shanghaiNoonOf(date)
  return clockFrom(() => millis)
}

/**
 * The issue for a record dated after today (Asia/Shanghai), or undefined: records are kept as they
 * happened, and a future date would sit outside every "as of today" figure while holding its patents.
 */
export const futureDateIssue = (path: string, date: string, today: string): FieldIssue | undefined =>
  date > today ? sayAt(path, "date-after-today", { today }) : undefined

/** Refuses (ValidationError naming `path`) a record dated after today in Asia/Shanghai, read from `Clock`. */
export const notAfterToday = (path: string, date: string): Effect.Effect<void, ValidationError> =>
  Effect.flatMap(todayInShanghai, (today) => {
    const issue = futureDateIssue(path, date, today)
    return issue === undefined ? Effect.void : Effect.fail(new ValidationError({ issues: [issue] }))
  })

/** The fields an input record's {@link pastDates} annotation names (on the record, or on its last check). */
const pastDateFields = (ast: SchemaAST.AST): ReadonlyArray<string> =>
  [ast.annotations, ...(ast.checks ?? []).map((check) => check.annotations)].flatMap((annotations) => {
    const fields = annotations?.[notAfterTodayAnnotation]
    return Array.isArray(fields) ? fields.filter((f): f is string => typeof f === "string") : []
  })

/**
 * The issues of every date named by a {@link pastDates} annotation in `raw` (the input as it came, walked
 * with `ast`) that is after `today`: a well-formed date is checked whatever else is wrong with the input,
 * so that a future date is reported with the input's other issues, not only once they are fixed.
 */
export const futureDateIssuesOf = (
  ast: SchemaAST.AST,
  raw: unknown,
  today: string,
  path: ReadonlyArray<string> = []
): ReadonlyArray<{ readonly path: string; readonly message: string }> => {
  if (raw === null || typeof raw !== "object") return []
  if (SchemaAST.isObjects(ast) && !Array.isArray(raw)) {
    const fields = raw as Readonly<Record<string, unknown>>
    const own = pastDateFields(ast).flatMap((name) => {
      const date = Object.hasOwn(fields, name) ? fields[name] : undefined
      const issue = isBusinessDate(date) ? futureDateIssue([...path, name].join("."), date, today) : undefined
      return issue === undefined ? [] : [issue]
    })
    const nested = ast.propertySignatures.flatMap((p) =>
      typeof p.name === "string" && Object.hasOwn(fields, p.name)
        ? futureDateIssuesOf(p.type, fields[p.name], today, [...path, p.name])
        : []
    )
    return [...own, ...nested]
  }
  if (SchemaAST.isArrays(ast) && Array.isArray(raw)) {
    const element = ast.rest[0]
    return element === undefined
      ? []
      : raw.flatMap((item, i) => futureDateIssuesOf(element, item, today, [...path, String(i)]))
  }
  if (SchemaAST.isUnion(ast)) {
    const seen = new Map<string, { readonly path: string; readonly message: string }>()
    for (const member of ast.types)
      for (const issue of futureDateIssuesOf(member, raw, today, path)) seen.set(issue.path, issue)
    return [...seen.values()]
  }
  if (SchemaAST.isSuspend(ast)) return futureDateIssuesOf(ast.thunk(), raw, today, path)
  return []
}
