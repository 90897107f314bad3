import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { TestClock } from "effect/testing"
import { currentPeriod, SHANGHAI_UTC_OFFSET_MILLIS, shanghaiDateOf, todayInShanghai } from "./index.js"

const at = (iso: string): number => Date.parse(iso)

describe("shanghaiDateOf", () => {
  it("renders the instant's date at UTC+8", () => {
    assert.strictEqual(SHANGHAI_UTC_OFFSET_MILLIS, 28_800_000)
    assert.strictEqual(shanghaiDateOf(at("2025-12-31T16:30:00Z")), "2026-01-01")
    assert.strictEqual(shanghaiDateOf(at("2025-12-31T15:59:59.999Z")), "2025-12-31")
    assert.strictEqual(shanghaiDateOf(at("2025-12-31T16:00:00Z")), "2026-01-01")
    assert.strictEqual(shanghaiDateOf(at("2024-02-28T16:00:00Z")), "2024-02-29")
    assert.strictEqual(shanghaiDateOf(0), "1970-01-01")
    assert.strictEqual(shanghaiDateOf(-28_800_001), "1969-12-31")
    assert.throws(() => shanghaiDateOf(Number.NaN))
  })

  it("agrees with Intl's Asia/Shanghai zone", () => {
    const format = new Intl.DateTimeFormat("en-CA", {
      timeZone: "Asia/Shanghai",
      year: "numeric",
      month: "2-digit",
      day: "2-digit"
    })
    for (
      let millis = at("2000-01-01T00:00:00Z");
      millis < at("2030-01-01T00:00:00Z");
      millis += 7_777_777_777 / 7
    ) {
      const instant = Math.floor(millis)
      assert.strictEqual(shanghaiDateOf(instant), format.format(instant), new Date(instant).toISOString())
    }
  })
})

describe("todayInShanghai", () => {
  it.effect("reads Effect's Clock", () =>
    Effect.gen(function* () {
      yield* TestClock.setTime(at("2025-12-31T16:30:00Z"))
      assert.strictEqual(yield* todayInShanghai, "2026-01-01")
      yield* TestClock.setTime(at("2025-12-31T15:30:00Z"))
      assert.strictEqual(yield* todayInShanghai, "2025-12-31")
    })
  )

  it.effect("moves with TestClock.adjust", () =>
    Effect.gen(function* () {
      yield* TestClock.setTime(at("2025-06-30T15:59:00Z"))
      assert.strictEqual(yield* todayInShanghai, "2025-06-30")
      yield* TestClock.adjust("1 minute")
      assert.strictEqual(yield* todayInShanghai, "2025-07-01")
    })
  )

  it.effect("starts at the epoch under the test clock", () =>
    Effect.gen(function* () {
      assert.strictEqual(yield* todayInShanghai, "1970-01-01")
    })
  )
})

describe("currentPeriod", () => {
  it.effect("is the month, quarter and year of today in Shanghai", () =>
    Effect.gen(function* () {
      yield* TestClock.setTime(at("2025-12-31T16:30:00Z"))
      assert.deepStrictEqual(yield* currentPeriod("month"), { start: "2026-01-01", end: "2026-01-31" })
      assert.deepStrictEqual(yield* currentPeriod("quarter"), { start: "2026-01-01", end: "2026-03-31" })
      assert.deepStrictEqual(yield* currentPeriod("year"), { start: "2026-01-01", end: "2026-12-31" })
      yield* TestClock.setTime(at("2025-05-20T02:00:00Z"))
      assert.deepStrictEqual(yield* currentPeriod("quarter"), { start: "2025-04-01", end: "2025-06-30" })
    })
  )
})
