import { ClaimKind, type Pilot, PoolKind, pilots } from "@kejin/core"
import { choiceLabels } from "../records/vocabulary.js"

/*
 * The linkage pilots' words (DOMAIN.md, section 五) for people, keyed by the core's literals: the labels
 * are the core's (operations/labels.ts), the words its exports write.
 */

/** The pilots in the action plan's order. */
export const PILOTS: ReadonlyArray<Pilot> = pilots

export const pilotLabels = choiceLabels(pilots)

export const poolKindLabels = choiceLabels(PoolKind.literals)

export const claimKindLabels = choiceLabels(ClaimKind.literals)
