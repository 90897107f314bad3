import { Clock, Effect } from "effect"
import { type DatePeriod, fromEpochDay, type PeriodKind, periodOf } from "./dates.js"

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
