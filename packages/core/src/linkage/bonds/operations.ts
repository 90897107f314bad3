import { Schema } from "effect"
import { idParameter, ListFields, linkageGet, linkageList, linkageWrite, listParameters } from "../declare.js"
import { exampleLinkageBodies as b } from "../examples.js"
import type { ListShape } from "../lists.js"
import { type Bond, BondInput, bondToJson } from "../schema.js"
import { BondJson, BondPageJson, LinkageId } from "../wire.js"

// 科技创新债券: bonds, declared once (facade `kejin.linkage.recordBond`, route `POST /api/v1/linkage/bonds`
// and its OpenAPI operation derived). ./service.ts runs it.

export const recordBond = linkageWrite({
  name: "linkage.recordBond",
  importKind: "bonds",
  input: BondInput,
  output: BondJson,
  toJson: (bond: Bond) => bondToJson(bond),
  summary: { en: "Record a bond", zh: "登记科技创新债券" },
  description:
    "Issued by an enterprise (`issuerEnterprise`) or an institution (`issuerInstitution`); `proceedsFund` " +
    "names the fund the proceeds go to (e.g. the city fund). The maturity follows from the tenor.",
  path: "/bonds",
  operationId: "recordBond",
  example: b.bond,
  notFound: "The issuer or the fund does not exist."
})

/** How listBonds is searched and sorted (`q`, `sort`), declared once: the list and its service read it. */
export const bondListShape: ListShape = {
  sorts: {
    issuedOn: "bd.issued_on",
    amount: "bd.amount_fen",
    maturesOn: "bd.matures_on",
    code: "bd.code"
  },
  search: ["bd.code", "e.name", "e.uscc", "ins.name"],
  searches: "bonds whose code, issuing enterprise's name or credit code, or issuing institution's name is",
  sum: { field: "amount", column: "bd.amount_fen" }
}

export const listBonds = linkageList({
  name: "linkage.bonds",
  input: Schema.Struct(ListFields),
  output: BondPageJson,
  toJson: (r: Bond) => bondToJson(r),
  summary: { en: "List bonds", zh: "科技创新债券" },
  description:
    "Bonds by issue date, reversed ones included (flagged) unless `includeReversed=false`; `enterprise` is " +
    "the issuing enterprise.",
  path: "/bonds",
  operationId: "listBonds",
  shape: bondListShape,
  query: listParameters("Issued")
})

export const getBond = linkageGet({
  name: "linkage.bond",
  input: Schema.Struct({ id: LinkageId }),
  output: BondJson,
  toJson: (bond: Bond) => bondToJson(bond),
  summary: { en: "Get a bond", zh: "查看科技创新债券" },
  description: "The bond, reversed or not (a reversed one flagged `reversed`, with `reversedBy`).",
  path: "/bonds/{id}",
  operationId: "getBond",
  params: { id: idParameter("bond") },
  ok: { description: "The bond." },
  notFound: "No bond has this id."
})
