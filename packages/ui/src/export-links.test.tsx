import { fundLedger, listPledges } from "@kejin/core/internal"
import { describe, expect, it } from "vitest"
import { exportHref } from "./export-links.js"

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
