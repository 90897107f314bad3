/** @jsxImportSource hono/jsx */
import { type Actor, type Kejin, makeUscc, openKejin } from "@kejin/core"
import { createTestDatabase, type TestDatabase, testDialects } from "@kejin/core/testing"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { linkageRecordsPlugin } from "../records/records-plugin.js"
import { dashboardClient } from "../testing/dashboard-client.js"
import { plainText } from "../testing/html.js"
import { errorsOf, fixableIssuesOf } from "./core-errors.js"
import { Field } from "./field.js"
import { ErrorSummary } from "./post-form.js"

// The issues Effect Schema words in its own English reach a Chinese form in Chinese (the catalogue's
// `schema-*` codes), at their fields and above the form, with no English left.

const CJK = /[\u4e00-\u9fff]/
const LATIN = /[A-Za-z]/
const bureau: Actor = { id: "wang.ke", role: "bureau" }

for (const dialect of testDialects()) {
  describe(`a Chinese record form refused by the core's Schema on ${dialect}`, () => {
    let database: TestDatabase
    let kejin: Kejin
    const { submit } = dashboardClient(() => kejin, [linkageRecordsPlugin])
    beforeAll(async () => {
      database = await createTestDatabase(dialect)
      kejin = await openKejin({ database: database.url })
    })
    afterAll(async () => {
      await kejin?.close()
      await database?.dispose()
    })

    it("words every kind of Schema issue in Chinese, at its field and above the form", async () => {
      // Wrong types, a missing and an unknown field, a choice outside the list, a broken check: all at once.
      const error = await kejin.pledges
        .record({
          registrationNo: 5,
          pledgor: { uscc: "91330302MA4100001", name: true },
          pledgee: { name: "温州银行", kind: "other" },
          patents: "ZL1",
          amount: "1.00",
          extra: 1
        } as never)
        .then(
          () => undefined,
          (e: unknown) => e
        )
      const issues = fixableIssuesOf(error, "zh")!
      expect(issues.length).toBeGreaterThanOrEqual(5)
      const english = fixableIssuesOf(error, "en")!
      const codes = new Set(english.map((i) => i.code))
      for (const code of [
        "schema-invalid-type",
        "schema-missing-key",
        "schema-unexpected-key",
        "schema-invalid-choice"
      ])
        expect(codes, [...codes].join()).toContain(code)
      const atFields = errorsOf(issues, (issue) => ({ field: issue.path, message: issue.message }))
      const html = String(
        <form>
          <ErrorSummary errors={errorsOf(issues, () => undefined)} lang="zh" />
          {Object.entries(atFields.fields).map(([name, message]) => (
            <Field id={name} name={name} label="字段" error={message}>
              <input id={name} name={name} />
            </Field>
          ))}
        </form>
      )
      for (const [name, message] of Object.entries(atFields.fields)) {
        expect(message, name).toMatch(CJK)
        expect(message, `${name}: ${message}`).not.toMatch(LATIN)
      }
      // Above the form an issue keeps its path (the field's name): its words are Chinese.
      const paths = new RegExp(`(${issues.map((i) => i.path.replaceAll(".", "\\.")).join("|")}): `, "g")
      expect(plainText(html).replace(paths, "")).not.toMatch(LATIN)
      // The API's English is the detail the catalogue's English words repeat; a missing field reads "is required".
      for (const issue of english)
        expect(issue.message).toBe(
          issue.code === "schema-missing-key" ? "is required" : (issue.params?.detail ?? issue.message)
        )
    })

    it("says every refused field in Chinese, none in English", async () => {
      const answer = await submit(bureau, "/records/bonds", "record-form-linkage-recordBond", {
        code: "",
        issuerEnterprise: makeUscc("91330302MA4100001"),
        amount: "-5",
        issuedOn: "",
        tenorMonths: "0.5",
        couponPercent: "三点五",
        useOfProceeds: ""
      })
      expect(answer.status).toBe(422)
      const errors = [...answer.html.matchAll(/class="field-error"[^>]*>([^<]*)</g)].map((m) => m[1]!)
      expect(errors.length).toBeGreaterThanOrEqual(4)
      expect(errors).toContain("必填，未填写")
      for (const error of errors) expect(error).not.toMatch(LATIN)
    })
  })
}
