import { Decimal } from "decimal.js"
import { Cause, Exit, Option, Schema } from "effect"
import { type FieldIssue, validationErrorFromIssue } from "../errors.js"
import { PositiveYuanFromString, toWire, Yuan } from "../money/index.js"
import { districtOf } from "../registry/districts.js"
import { FreeText } from "../text/index.js"
import {
  checkMessage,
  checkSaid,
  isMessageCode,
  issueAt,
  quoting,
  type Said,
  say,
  sayAt
} from "../text/messages.js"
import { BusinessDate } from "../time/index.js"
import { computedMeasures } from "./measures.js"

/**
 * The ids of the measures the core computes (see `measures.ts`: each with its label, unit and function).
 * Plugins register more and people report more; a target names any of them in `metric`.
 */
export const targetMetrics = computedMeasures.map((m) => m.id)
export type TargetMetric = string

export const TargetUnit = Schema.Literals(["yuan", "count", "percent"])
export type TargetUnit = typeof TargetUnit.Type

export const TargetPeriodKind = Schema.Literals(["calendar-year", "fixed"])
export type TargetPeriodKind = typeof TargetPeriodKind.Type

/** Lowercase kebab-case, e.g. `patent-pledge-financing`: part of URLs, never changed once created. */
export const TargetKey = Schema.String.check(
  Schema.makeFilter(
    (key: string) =>
      (/^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/.test(key) && key.length <= 64) || checkMessage("target-key-shape"),
    { expected: "a lowercase kebab-case key" }
  )
)

const Text = (what: string) => FreeText(what)

/** A measure's id (kebab-case); which measures exist is checked when the target is written. */
export const MeasureId = Schema.String.check(
  Schema.makeFilter(
    (metric: string) =>
      (/^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/.test(metric) && metric.length <= 64) ||
      checkMessage("measure-id-shape", { examples: targetMetrics.slice(0, 3).join(", ") }),
    { expected: "a measure's id" }
  )
)
const Metric = MeasureId

/** The figure as sent: decimal yuan text for money (never a JS number), a whole number for a count. */
const Figure = Schema.Union([Schema.String, Schema.Number])

const DisplayOrder = Schema.Int.check(
  Schema.isGreaterThanOrEqualTo(0, { message: checkMessage("whole-number-from", { min: "0" }) }),
  Schema.isLessThanOrEqualTo(1_000_000, { message: checkMessage("number-at-most", { max: "1000000" }) })
)

/** A percent as text, at most 6 places, e.g. `"3.2"` or `"3.2%"`: exact, never a JS number. */
const PERCENT = /^(?:0|[1-9]\d{0,5})(?:\.\d{1,6})?%?$/

/** Reads a percent figure greater than zero (`"3.2"`, `"7.6%"`), or says why not (from the catalogue). */
export const parsePercent = (raw: unknown): Decimal | Said => {
  if (typeof raw !== "string") return say("percent-as-text", { got: String(JSON.stringify(raw)) })
  const text = raw.trim()
  if (!PERCENT.test(text)) return say("percent-shape", { got: String(JSON.stringify(raw)) })
  const value = new Yuan(text.replace(/%$/, ""))
  return value.isZero() ? say("percent-positive") : value
}

/** How a target is split into parts: by Wenzhou district, or by the unit responsible (责任单位). */
export const TargetSplit = Schema.Literals(["district", "unit"])
export type TargetSplit = typeof TargetSplit.Type

/**
 * One part of a split target: a district (`code` its administrative code, e.g. 330302; the name is the
 * registry's) or a responsible unit (`code` any short id, `name`/`nameEn` required). A part follows the
 * target's measure in its district, or its own `metric` (a unit's part, e.g. a figure it reports).
 */
export const TargetPartInput = Schema.Struct({
  code: Schema.Trim.check(
    Schema.isNonEmpty({ message: checkMessage("not-empty") }),
    Schema.isMaxLength(64, { message: checkMessage("characters-at-most", { max: "64" }) })
  ),
  name: Schema.optional(Text("the part's name")),
  nameEn: Schema.optional(Text("the part's English name")),
  target: Figure,
  metric: Schema.optional(MeasureId)
})
export type TargetPartInput = typeof TargetPartInput.Type

/** A part of a split target as stored. */
export interface TargetPart {
  readonly code: string
  readonly name: string
  readonly nameEn: string
  readonly target: Decimal
  /** The part's own measure; null: the target's measure in the part's district. */
  readonly metric: string | null
}

/** A rule of a target broken at `path`, said from the catalogue (a Schema filter's issue, or a patch's). */
interface RuleIssue {
  readonly path: ReadonlyArray<string | number>
  readonly said: Said
}

/** The issues of a Schema filter, each remembered with its code (`checkSaid`). */
const filterIssues = (issues: ReadonlyArray<RuleIssue>) =>
  issues.map((i) => ({ path: i.path, issue: checkSaid(i.said) }))

/** The field issues of a patch (a dotted path). */
const fieldIssues = (issues: ReadonlyArray<RuleIssue>): Array<FieldIssue> =>
  issues.map((i) => issueAt(i.path.join("."), i.said))

const partsIssues = (
  unit: TargetUnit,
  splitBy: TargetSplit | undefined,
  parts: ReadonlyArray<TargetPartInput> | undefined
): Array<RuleIssue> => {
  const issues: Array<RuleIssue> = []
  if (parts === undefined || parts.length === 0) return issues
  if (splitBy === undefined) issues.push({ path: ["splitBy"], said: say("target-split-required") })
  const seen = new Set<string>()
  for (const [i, part] of parts.entries()) {
    const figure = parseTargetFigure(unit, part.target)
    if (!Decimal.isDecimal(figure)) issues.push({ path: ["parts", i, "target"], said: figure })
    if (seen.has(part.code))
      issues.push({ path: ["parts", i, "code"], said: say("target-part-twice", { code: part.code }) })
    seen.add(part.code)
    if (splitBy === "district" && districtOf(part.code) === undefined)
      issues.push({ path: ["parts", i, "code"], said: say("target-part-district") })
    if (splitBy === "unit" && (part.name === undefined || part.nameEn === undefined))
      issues.push({ path: ["parts", i, "name"], said: say("target-part-unit-names") })
  }
  return issues
}

/** The stored parts of checked input (the schema has accepted each figure). */
export const partsOfInput = (
  unit: TargetUnit,
  splitBy: TargetSplit | undefined,
  parts: ReadonlyArray<TargetPartInput> | undefined
): ReadonlyArray<TargetPart> =>
  (parts ?? []).map((p) => {
    const figure = parseTargetFigure(unit, p.target)
    if (!Decimal.isDecimal(figure)) throw new RangeError(`part ${p.code}: ${figure.message}`)
    const district = splitBy === "district" ? districtOf(p.code) : undefined
    return {
      code: p.code,
      name: p.name ?? district?.name ?? p.code,
      nameEn: p.nameEn ?? district?.nameEn ?? p.code,
      target: figure,
      metric: p.metric ?? null
    }
  })

const fields = {
  key: TargetKey,
  /** 中文名称 */
  label: Text("the label"),
  labelEn: Text("the English label"),
  unit: TargetUnit,
  target: Figure,
  /** Default `calendar-year`: the target applies to each calendar year. */
  periodKind: Schema.optional(TargetPeriodKind),
  /** Only for a `fixed` period: its first and last day (inclusive). */
  periodStart: Schema.optional(BusinessDate),
  periodEnd: Schema.optional(BusinessDate),
  metric: Metric,
  /** Position on the dashboard (ascending); default: after every existing target. */
  displayOrder: Schema.optional(DisplayOrder),
  /** With `parts`: how the target is split (by district or by responsible unit). */
  splitBy: Schema.optional(TargetSplit),
  /** The parts of the whole; their figures should add up to `target` (a warning says when not). */
  parts: Schema.optional(Schema.Array(TargetPartInput))
}

const decodeYuan = Schema.decodeUnknownExit(PositiveYuanFromString)

/** The largest whole count a target may have (it is stored as a 64-bit integer; kept below 2^53). */
const MAX_COUNT_DIGITS = 15

/**
 * Reads a target figure for its unit: money through {@link PositiveYuanFromString} (`"2500000000.00"`,
 * `"25亿"`), a count as a whole number greater than zero (`5` or `"5"`). Returns the amount or why not
 * (said from the catalogue: an amount's own reason quoted with its code).
 */
export const parseTargetFigure = (unit: TargetUnit, raw: unknown): Decimal | Said => {
  if (unit === "yuan") {
    if (typeof raw !== "string") return say("amount-as-text", { example: '"2500000000.00"' })
    const exit = decodeYuan(raw)
    if (Exit.isSuccess(exit)) return exit.value
    const error = Option.getOrUndefined(Cause.findErrorOption(exit.cause))
    const issue = error === undefined ? undefined : validationErrorFromIssue(error.issue).issues[0]
    return say(
      "target-yuan-positive",
      (issue?.code !== undefined && isMessageCode(issue.code)
        ? quoting("reason", { code: issue.code, params: issue.params ?? {}, message: issue.message })
        : { reason: issue?.message ?? "", reasonCode: "" }) as never
    )
  }
  if (unit === "percent") return parsePercent(raw)
  const text = typeof raw === "number" ? String(raw) : typeof raw === "string" ? raw.trim() : ""
  if (!new RegExp(`^[1-9]\\d{0,${MAX_COUNT_DIGITS - 1}}$`).test(text)) {
    return say("target-count-whole", { got: String(JSON.stringify(raw)) })
  }
  return new Yuan(text)
}

/** A target's period rules: a fixed period needs both days with start ≤ end; a calendar year needs neither. */
const periodIssues = (p: {
  readonly periodKind?: TargetPeriodKind | undefined
  readonly periodStart?: string | undefined
  readonly periodEnd?: string | undefined
}): Array<RuleIssue> => {
  const issues: Array<RuleIssue> = []
  if ((p.periodKind ?? "calendar-year") === "fixed") {
    if (p.periodStart === undefined) issues.push({ path: ["periodStart"], said: say("target-period-start") })
    if (p.periodEnd === undefined) issues.push({ path: ["periodEnd"], said: say("target-period-end") })
    if (p.periodStart !== undefined && p.periodEnd !== undefined && p.periodEnd < p.periodStart) {
      issues.push({ path: ["periodEnd"], said: say("not-before-field", { field: "periodStart" }) })
    }
  } else {
    const why = say("target-period-only-fixed")
    if (p.periodStart !== undefined) issues.push({ path: ["periodStart"], said: why })
    if (p.periodEnd !== undefined) issues.push({ path: ["periodEnd"], said: why })
  }
  return issues
}

/**
 * The body of `POST /api/v1/targets` and `Targets.create`: a new target. Unknown fields are rejected;
 * the figure is checked against the unit and the period against its kind, each naming its field.
 */
export const TargetInput = Schema.Struct(fields).check(
  Schema.makeFilter((input) => {
    const figure = parseTargetFigure(input.unit, input.target)
    return filterIssues([
      ...(Decimal.isDecimal(figure) ? [] : [{ path: ["target"], said: figure }]),
      ...partsIssues(input.unit, input.splitBy, input.parts),
      ...periodIssues(input)
    ])
  })
)
export type TargetInput = typeof TargetInput.Type
export type TargetInputJson = typeof TargetInput.Encoded

/**
 * The body of `PATCH /api/v1/targets/:key` and `Targets.update`: the fields to change. `key` may be sent
 * only unchanged. The merged target is checked as a whole (figure against unit, period against kind).
 */
export const TargetPatch = Schema.Struct({
  key: Schema.optional(TargetKey),
  label: Schema.optional(fields.label),
  labelEn: Schema.optional(fields.labelEn),
  unit: Schema.optional(TargetUnit),
  target: Schema.optional(Figure),
  periodKind: Schema.optional(TargetPeriodKind),
  periodStart: Schema.optional(BusinessDate),
  periodEnd: Schema.optional(BusinessDate),
  metric: Schema.optional(Metric),
  displayOrder: Schema.optional(DisplayOrder),
  /** `parts: []` takes the split away. */
  splitBy: Schema.optional(TargetSplit),
  parts: Schema.optional(Schema.Array(TargetPartInput))
})
export type TargetPatch = typeof TargetPatch.Type
export type TargetPatchJson = typeof TargetPatch.Encoded

/** A policy figure to monitor, e.g. 专利质押融资 ≥ 25亿元 each calendar year. */
export interface Target {
  readonly key: string
  readonly label: string
  readonly labelEn: string
  readonly unit: TargetUnit
  /** Yuan (exact to the fen) or a whole count. */
  readonly target: Decimal
  readonly periodKind: TargetPeriodKind
  /** Set for a fixed period only. */
  readonly periodStart: string | null
  readonly periodEnd: string | null
  /** Which measure feeds the value (see `measures.ts`). */
  readonly metric: string
  readonly order: number
  readonly splitBy: TargetSplit | null
  readonly parts: ReadonlyArray<TargetPart>
}

/** A new target from checked input (the schema has already accepted the figure). */
export const targetOfInput = (input: TargetInput, order: number): Target => {
  const figure = parseTargetFigure(input.unit, input.target)
  if (!Decimal.isDecimal(figure)) throw new RangeError(`target ${input.key}: ${figure.message}`)
  const fixed = (input.periodKind ?? "calendar-year") === "fixed"
  return {
    key: input.key,
    label: input.label,
    labelEn: input.labelEn,
    unit: input.unit,
    target: figure,
    periodKind: fixed ? "fixed" : "calendar-year",
    periodStart: fixed ? (input.periodStart ?? null) : null,
    periodEnd: fixed ? (input.periodEnd ?? null) : null,
    metric: input.metric,
    order: input.displayOrder ?? order,
    splitBy: input.parts === undefined || input.parts.length === 0 ? null : (input.splitBy ?? null),
    parts: partsOfInput(input.unit, input.splitBy, input.parts)
  }
}

/**
 * A stored target with a patch applied, or the field issues that stop it. A change of unit needs a new
 * figure; a change to `calendar-year` drops the fixed days; a change to `fixed` needs both days.
 */
export const applyTargetPatch = (current: Target, patch: TargetPatch): Target | ReadonlyArray<FieldIssue> => {
  const issues: Array<FieldIssue> = []
  if (patch.key !== undefined && patch.key !== current.key) {
    issues.push(sayAt("key", "target-key-fixed"))
  }
  const unit = patch.unit ?? current.unit
  let target = current.target
  if (patch.target !== undefined) {
    const figure = parseTargetFigure(unit, patch.target)
    if (Decimal.isDecimal(figure)) target = figure
    else issues.push(issueAt("target", figure))
  } else if (unit !== current.unit) {
    issues.push(sayAt("target", "target-figure-unit-changed", { unit }))
  }
  const periodKind = patch.periodKind ?? current.periodKind
  const fixed = periodKind === "fixed"
  const period = {
    periodKind,
    periodStart: patch.periodStart ?? (fixed ? (current.periodStart ?? undefined) : undefined),
    periodEnd: patch.periodEnd ?? (fixed ? (current.periodEnd ?? undefined) : undefined)
  }
  issues.push(...fieldIssues(periodIssues(period)))
  const splitBy = patch.splitBy ?? current.splitBy ?? undefined
  const partInputs =
    patch.parts ??
    (patch.unit !== undefined && unit !== current.unit && current.parts.length > 0
      ? undefined
      : current.parts.map((p) => ({
          ...p,
          target: targetFigureToWire(unit, p.target),
          metric: p.metric ?? undefined
        })))
  if (patch.parts === undefined && unit !== current.unit && current.parts.length > 0)
    issues.push(sayAt("parts", "target-parts-unit-changed", { unit }))
  issues.push(...fieldIssues(partsIssues(unit, splitBy, partInputs)))
  if (issues.length > 0) return issues
  const parts = partsOfInput(unit, splitBy, partInputs)
  return {
    key: current.key,
    label: patch.label ?? current.label,
    labelEn: patch.labelEn ?? current.labelEn,
    unit,
    target,
    periodKind,
    periodStart: fixed ? (period.periodStart ?? null) : null,
    periodEnd: fixed ? (period.periodEnd ?? null) : null,
    metric: patch.metric ?? current.metric,
    order: patch.displayOrder ?? current.order,
    splitBy: parts.length === 0 ? null : (splitBy ?? null),
    parts
  }
}

/** A figure on the wire: money with two decimal places, a count as a whole number, a percent exact. */
export const targetFigureToWire = (unit: TargetUnit, amount: Decimal): string =>
  unit === "yuan"
    ? toWire(amount)
    : unit === "percent"
      ? amount.toFixed() // float-ok: Decimal.toFixed, exact (no exponent)
      : amount.toFixed(0) // float-ok: Decimal.toFixed, exact

/** The wire form of a target (the response of POST/PATCH, and the journal's record of a change). */
export const targetToJson = (t: Target) => ({
  key: t.key,
  label: t.label,
  labelEn: t.labelEn,
  unit: t.unit,
  target: targetFigureToWire(t.unit, t.target),
  periodKind: t.periodKind,
  periodStart: t.periodStart,
  periodEnd: t.periodEnd,
  metric: t.metric,
  displayOrder: t.order,
  splitBy: t.splitBy,
  parts: t.parts.map((p) => ({
    code: p.code,
    name: p.name,
    nameEn: p.nameEn,
    target: targetFigureToWire(t.unit, p.target),
    metric: p.metric
  }))
})
