/** @jsxImportSource hono/jsx */
import {
  enterpriseJourneyOperation,
  fundLedger,
  getPledgeBreakdown,
  getPledgeMonthly,
  listPledges,
  targetProgress
} from "@kejin/core/internal"
import { describe, expect, it } from "vitest"
import { ExportLinks, exportHref } from "./export-links.js"

describe("a list's export links", () => {
  it("derive the path from the declaration, with its path parameters, the filters given and the language", () => {
    expect(
      exportHref(listPledges, "xlsx", { filters: { from: "2024-01-01", bank: "温州银行" }, lang: "zh" })
    ).toBe(`/api/v1/pledges/export.xlsx?from=2024-01-01&bank=${encodeURIComponent("温州银行")}`)
    // Empty filters are left out; an English page asks for English headers.
    expect(exportHref(listPledges, "csv", { filters: { to: "", district: undefined }, lang: "en" })).toBe(
      "/api/v1/pledges/export.csv?lang=en"
    )
    expect(exportHref(fundLedger, "csv", { params: { code: "wz angel/1" }, lang: "zh" })).toBe(
      "/api/v1/funds/wz%20angel%2F1/ledger/export.csv"
    )
  })

  it("refuse a filter the list does not declare, and paging (the export has every row)", () => {
    expect(() => exportHref(listPledges, "csv", { filters: { page: "2" }, lang: "zh" })).toThrow(
      /no filter page/
    )
    expect(() => exportHref(listPledges, "csv", { filters: { limit: "50" }, lang: "zh" })).toThrow(
      /no filter limit/
    )
    expect(() => exportHref(fundLedger, "csv", { lang: "zh" })).toThrow(/names no code/)
  })
})

describe("a table's export links", () => {
  it("derive the table's path from its read's declaration, with the read's own filters", () => {
    expect(
      exportHref(getPledgeBreakdown, "csv", {
        filters: { by: "district", yoy: "true", from: "2026-01-01", to: "2026-06-30" },
        lang: "en"
      })
    ).toBe("/api/v1/pledges/breakdown/export.csv?by=district&yoy=true&from=2026-01-01&to=2026-06-30&lang=en")
    expect(exportHref(targetProgress, "xlsx", { filters: { asOf: "2026-06-30" }, lang: "zh" })).toBe(
      "/api/v1/targets/export.xlsx?asOf=2026-06-30"
    )
    expect(
      exportHref(enterpriseJourneyOperation, "csv", {
        params: { uscc: "91330302MA2AXXXX0X" },
        filters: { includeReversed: undefined, from: "2025-01-01" },
        lang: "zh"
      })
    ).toBe("/api/v1/enterprises/91330302MA2AXXXX0X/journey/export.csv?from=2025-01-01")
    expect(exportHref(getPledgeMonthly, "csv", { filters: { to: "2026-06-30" }, lang: "zh" })).toBe(
      "/api/v1/pledges/monthly/export.csv?to=2026-06-30"
    )
  })

  it("say that they export the table as shown, in the page's language", async () => {
    const html = String(await (<ExportLinks op={getPledgeBreakdown} filters={{ by: "bank" }} lang="en" />))
    expect(html).toContain('title="This table, as the page shows it"')
    expect(html).toContain('data-exports="pledges.breakdown"')
  })
})
