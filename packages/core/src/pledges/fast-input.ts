import type { Yuan } from "../money/index.js"
import { parseYuan } from "../money/index.js"
import { canonicalPatentNumber, patentNumberProblem, usccProblem } from "../registry/codes.js"
import { districtOf } from "../registry/districts.js"
import { controlCharacterProblem, hiddenCharacterProblem } from "../text/text.js"
import { businessDateProblem } from "../time/dates.js"
import type { PledgeInput } from "./schema.js"

/*
 * A fast path for the input of a registration written in bulk (an import's rows, `recordMany`): a row whose
 * values are already as `PledgeInput` decodes them — the required fields and the optional size and pledgee
 * kind only, codes and dates valid, names trimmed, the amount plain digits — is taken as it is, checked by
 * the same functions the Schema's checks call, without the Schema's interpreter (per row, most of the
 * decode's time). Anything else (a debt term, patent titles, an unknown field, a value not in its plain
 * form, any problem) returns undefined: the Schema decodes it and says what is wrong. fast-input.test.ts
 * checks that both agree.
 */

const pledgeKeys = new Set(["registrationNo", "pledgor", "pledgee", "patents", "amount", "registeredOn"])
const pledgorKeys = new Set(["uscc", "name", "district", "size"])
const pledgeeKeys = new Set(["name", "kind"])
const sizes = new Set(["micro", "small", "medium", "large"])
const kinds = new Set(["bank", "guarantor"])
const registrationNo = /^[A-Z0-9][A-Z0-9-]{5,39}$/
/** Plain yuan: digits, at most two decimals (what `parseYuan` reads as itself). */
const plainAmount = /^(?:0|[1-9]\d{0,17})(?:\.\d{1,2})?$/

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value)

/** Only keys of `allowed`, each with a value (an explicit undefined goes to the Schema). */
const onlyKeys = (value: Record<string, unknown>, allowed: ReadonlySet<string>) => {
  for (const key in value) if (!allowed.has(key) || value[key] === undefined) return false
  return true
}

/** A name as `FreeText` keeps it: already trimmed, 1 to `max` units, no control or hidden character. */
const plainText = (value: unknown, max: number): value is string =>
  typeof value === "string" &&
  value.length > 0 &&
  value.length <= max &&
  value.trim() === value &&
  controlCharacterProblem(value) === undefined &&
  hiddenCharacterProblem(value) === undefined

/** The input as `PledgeInput` decodes it, when it is in the plain form above; otherwise undefined. */
export const plainPledgeInput = (raw: unknown): PledgeInput | undefined => {
  if (!isRecord(raw) || !onlyKeys(raw, pledgeKeys)) return undefined
  const { pledgor, pledgee, patents, amount } = raw
  if (typeof raw.registrationNo !== "string" || !registrationNo.test(raw.registrationNo)) return undefined
  if (!isRecord(pledgor) || !onlyKeys(pledgor, pledgorKeys)) return undefined
  if (typeof pledgor.uscc !== "string" || usccProblem(pledgor.uscc) !== undefined) return undefined
  if (!plainText(pledgor.name, 200)) return undefined
  if (typeof pledgor.district !== "string" || districtOf(pledgor.district) === undefined) return undefined
  if (pledgor.size !== undefined && !sizes.has(pledgor.size as string)) return undefined
  if (!isRecord(pledgee) || !onlyKeys(pledgee, pledgeeKeys)) return undefined
  if (!plainText(pledgee.name, 200)) return undefined
  if (pledgee.kind !== undefined && !kinds.has(pledgee.kind as string)) return undefined
  if (!Array.isArray(patents) || patents.length < 1 || patents.length > 1000) return undefined
  const seen = new Set<string>()
  for (const patent of patents) {
    if (typeof patent !== "string" || patentNumberProblem(patent) !== undefined) return undefined
    const canonical = canonicalPatentNumber(patent)
    if (seen.has(canonical)) return undefined
    seen.add(canonical)
  }
  if (typeof amount !== "string" || !plainAmount.test(amount)) return undefined
  let yuan: Yuan
  try {
    yuan = parseYuan(amount)
  } catch {
    return undefined
  }
  if (!yuan.greaterThan(0)) return undefined
  if (typeof raw.registeredOn !== "string" || businessDateProblem(raw.registeredOn) !== undefined)
    return undefined
  return {
    registrationNo: raw.registrationNo,
    pledgor: {
      uscc: pledgor.uscc,
      name: pledgor.name,
      district: pledgor.district,
      ...(pledgor.size === undefined
        ? {}
        : { size: pledgor.size as NonNullable<PledgeInput["pledgor"]["size"]> })
    },
    pledgee: {
      name: pledgee.name,
      ...(pledgee.kind === undefined
        ? {}
        : { kind: pledgee.kind as NonNullable<PledgeInput["pledgee"]["kind"]> })
    },
    patents: [...(patents as ReadonlyArray<string>)],
    amount: yuan,
    registeredOn: raw.registeredOn
  }
}
