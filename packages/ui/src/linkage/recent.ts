import type { Decimal, Kejin, LinkageRecent, Pilot, RecordKind } from "@kejin/core"
import { recentFiguresOf } from "@kejin/core/internal"
import type { Lang, LocalizedText } from "../i18n.js"
import { moneyText } from "../money.js"

/** One line of the recent panel: a live linkage record, whom it concerns and its main amount. */
export interface RecentItem {
  readonly on: string
  readonly pilot: Pilot
  readonly record: { readonly kind: RecordKind; readonly id: number }
  /** What happened, in both languages. */
  readonly what: LocalizedText
  /** The enterprise it concerns (linked to its journey), when there is one. */
  readonly enterprise: { readonly uscc: string; readonly name: string } | null
  /** Otherwise what it concerns: an insured fund, an issuing institution. */
  readonly subject: string | null
  /** Loan, sum insured, pool payout, follow-on, subsidy or bond amount. */
  readonly amount: Decimal
  readonly counterparty: string | null
  /** Journal order, for records of the same day: the later one first. */
  readonly seq: number
}

const both = (zh: string, en: string): LocalizedText => ({ zh, en })

/**
 * The latest `limit` live linkage records dated up to `asOf` (every date when absent), newest first (the
 * later write first on a day): loans, policies, claims, co-investments, subsidies and bonds, read in one
 * query of the core (`linkage.recent`), whatever the number of records.
 */
export const recentItems = async (
  kejin: Kejin,
  options: { readonly asOf: string | undefined; readonly limit: number }
): Promise<ReadonlyArray<RecentItem>> => {
  const [recent, funds] = await Promise.all([
    kejin.linkage.recent({
      limit: options.limit,
      ...(options.asOf === undefined ? {} : { to: options.asOf })
    }),
    kejin.funds.list()
  ])
  // Funds by their names, not their codes: read once for the whole list.
  const names = new Map(funds.map((f) => [f.code, f.name]))
  const fundName = (code: string): string => names.get(code) ?? code
  return recent.map((entry) => itemOf(entry, fundName))
}

/** A fund's name from its code (the code when the fund is unknown). */
type FundName = (code: string) => string

/**
 * One line of the panel from a record of the core's recent list: whom it concerns, its amount and its
 * counterparty as the core tells them (`recentFiguresOf`, what the list's export writes), a fund by its name.
 */
const itemOf = (entry: LinkageRecent, fundName: FundName): RecentItem => {
  const figures = recentFiguresOf(entry)
  const fundNamed = (code: string | null, isFund: boolean) =>
    code === null || !isFund ? code : fundName(code)
  return {
    on: entry.on,
    record: { kind: entry.kind, id: entry.record.id },
    seq: entry.record.journalSeq,
    what: whatOf(entry, fundName),
    ...figures,
    // An insured fund and a sub-fund following on are named by the core by their codes.
    subject: fundNamed(figures.subject, entry.kind === "policy"),
    counterparty: fundNamed(
      figures.counterparty,
      entry.kind === "co-investment" && entry.record.followerKind === "sub-fund"
    )
  }
}

/** What a record of the recent list is, in both languages. */
const whatOf = (entry: LinkageRecent, fundName: FundName): LocalizedText => {
  switch (entry.kind) {
    case "loan": {
      const loan = entry.record
      const tier = loan.score?.tier ?? "—"
      return loan.pilot === "index-loan"
        ? both(`科创指数贷 · ${tier}档`, `Index loan · tier ${tier}`)
        : loan.warrant === null
          ? both("投贷联动贷款", "Linked loan")
          : both("认股权贷款", "Loan with warrant")
    }
    case "policy": {
      const policy = entry.record
      const no = policy.policyNo === null ? "" : ` ${policy.policyNo}`
      return policy.pilot === "transfer-insurance"
        ? both(`转化保险保单${no}（保额）`, `Tech-transfer policy${no} (sum insured)`)
        : both(`投保联动保单${no}（保额）`, `Linked policy${no} (sum insured)`)
    }
    case "claim": {
      const claim = entry.record
      const loss = (lang: Lang) => moneyText(claim.loss, lang)
      return claim.kind === "transfer-insurance"
        ? both(
            `二次救济（损失 ${loss("zh")}，保险赔付 ${moneyText(claim.insurerPaid, "zh")}）`,
            `Secondary relief (loss ${loss("en")}, insurer paid ${moneyText(claim.insurerPaid, "en")})`
          )
        : both(
            `风险补偿 · 质押 ${claim.registrationNo ?? "—"}（损失 ${loss("zh")}）`,
            `Risk compensation · pledge ${claim.registrationNo ?? "—"} (loss ${loss("en")})`
          )
    }
    case "co-investment": {
      const link = entry.record
      const round = link.round === null ? "" : ` · ${link.round}`
      return link.followerKind === "sub-fund"
        ? both(`子基金跟投${round}`, `Sub-fund follow-on${round}`)
        : both(`社会资本跟投${round}`, `Social capital follow-on${round}`)
    }
    case "subsidy": {
      const subsidy = entry.record
      return subsidy.registrationNo === null
        ? both(`贴息 · 联动贷款 #${subsidy.loan ?? "—"}`, `Interest subsidy · loan #${subsidy.loan ?? "—"}`)
        : both(`贴息 · 质押 ${subsidy.registrationNo}`, `Interest subsidy · pledge ${subsidy.registrationNo}`)
    }
    case "bond": {
      const bond = entry.record
      const code = bond.code === null ? "" : ` ${bond.code}`
      const coupon = bond.couponPercent.toFixed()
      const proceeds = bond.proceedsFund === null ? null : fundName(bond.proceedsFund)
      const fund = proceeds === null ? "" : ` · 投向 ${proceeds}`
      const fundEn = proceeds === null ? "" : ` · proceeds to ${proceeds}`
      return both(
        `科技创新债券${code} · ${bond.tenorMonths}个月 · 票面 ${coupon}%${fund}`,
        `Sci-tech bond${code} · ${bond.tenorMonths} months · coupon ${coupon}%${fundEn}`
      )
    }
  }
}
