import {
  columnLabels,
  recordCall,
  recordCommitment,
  recordConversion,
  recordDistribution,
  recordExit,
  recordInvestment,
  recordNavMark,
  recordProRataCall,
  recordProRataDistribution,
  recordValuation,
  setFundStatus
} from "@kejin/core/internal"
import { errorsOf, fixableIssuesOf } from "../forms/core-errors.js"
import { type FormErrors, type FormValues, postedValues } from "../forms/form-state.js"
import type { Routed } from "../forms/operation-form.js"
import type { FieldSpec as BaseFieldSpec, FormSpec as BaseFormSpec } from "../forms/spec.js"
import type { Lang } from "../i18n.js"

/*
 * The equity forms as data: which fields each one has (named as the core's input fields, so the core's
 * field errors land next to the right input), how a form body becomes the core's input, and how the
 * core's errors become errors a person can fix.
 */

/** The lists a form's selects offer, loaded with the page. */
export type ChoiceList =
  | "lpType"
  | "lpFund"
  | "commitment"
  | "distributionKind"
  | "instrument"
  | "enterpriseStage"
  | "techCategory"
  | "mode"
  | "holding"
  | "convertible"
  | "exitRoute"
  | "kind"
  | "chainStage"
  | "parent"
  | "manager"
  | "status"
  | "origin"
  | "district"
  | "enterprise"
  | "basis"

export interface FieldSpec extends BaseFieldSpec {
  /** For selects (and the suggestions under a credit code). */
  readonly choices?: ChoiceList
  /** A whole-number id (`commitment`, `investment`, `manager`, `id`): sent as a number. */
  readonly numeric?: boolean
  /** The form field's own name when it differs from the core's (the register-enterprise form). */
  readonly formName?: string
}

export type FundFormId =
  | "commit"
  | "call"
  | "callProRata"
  | "distribute"
  | "distributeProRata"
  | "mark"
  | "invest"
  | "value"
  | "exit"
  | "convert"
  | "status"

export type FormSpec = BaseFormSpec<FieldSpec>

/** A field's label as the core declares it for `op`'s write (operations/labels.ts; the audit's too). */
const declaredLabel = (op: { readonly name: string }, field: string): FieldSpec["label"] =>
  columnLabels(op.name, field) ?? { zh: field, en: field }

const on: FieldSpec = { name: "on", label: { zh: "日期", en: "Date" }, control: "date" }
const amount: FieldSpec = {
  name: "amount",
  label: { zh: "金额（元）", en: "Amount (yuan)" },
  control: "money",
  placeholder: "5000000.00 / 500万"
}

const distributionKind: FieldSpec = {
  name: "distributionKind",
  label: { zh: "分配类型", en: "Kind" },
  control: "select",
  choices: "distributionKind"
}
const holding: FieldSpec = {
  name: "investment",
  label: { zh: "持仓", en: "Holding" },
  control: "select",
  choices: "holding",
  numeric: true
}
/** An enterprise's stage and tech category: the investment form and the register-enterprise form label them each. */
const stage = { name: "stage", control: "select", choices: "enterpriseStage" } as const
const techCategory = { name: "techCategory", control: "select", choices: "techCategory" } as const

export const fundForms: Record<FundFormId, FormSpec> = {
  commit: {
    id: "commit",
    title: { zh: "登记认缴", en: "Record a commitment" },
    submit: { zh: "登记认缴", en: "Record commitment" },
    fields: [
      { name: "lpName", label: { zh: "出资人（LP）", en: "LP name" }, control: "text", optional: true },
      { name: "lpType", label: { zh: "出资人类型", en: "LP type" }, control: "select", choices: "lpType" },
      {
        name: "lpFund",
        label: { zh: "出资基金（母基金出资时选）", en: "LP fund (when a fund commits)" },
        control: "select",
        choices: "lpFund",
        optional: true
      },
      amount,
      on
    ]
  },
  call: {
    id: "call",
    title: { zh: "登记实缴", en: "Record a capital call" },
    submit: { zh: "登记实缴", en: "Record call" },
    fields: [
      {
        name: "commitment",
        label: { zh: "认缴记录", en: "Commitment" },
        control: "select",
        choices: "commitment",
        numeric: true
      },
      amount,
      on
    ]
  },
  callProRata: {
    id: "callProRata",
    title: { zh: "按比例实缴（全体出资人）", en: "Pro-rata call (all LPs)" },
    submit: { zh: "按比例登记实缴", en: "Record pro-rata call" },
    fields: [{ ...amount, label: { zh: "实缴总额（元）", en: "Total to call (yuan)" } }, on]
  },
  distribute: {
    id: "distribute",
    title: { zh: "登记分配", en: "Record a distribution" },
    submit: { zh: "登记分配", en: "Record distribution" },
    fields: [distributionKind, amount, on]
  },
  distributeProRata: {
    id: "distributeProRata",
    title: { zh: "按比例分配（全体出资人）", en: "Pro-rata distribution (all LPs)" },
    submit: { zh: "按比例登记分配", en: "Record pro-rata distribution" },
    fields: [
      distributionKind,
      { ...amount, label: { zh: "分配总额（元）", en: "Total to distribute (yuan)" } },
      {
        name: "basis",
        label: declaredLabel(recordProRataDistribution, "basis"),
        control: "select",
        choices: "basis",
        optional: true
      },
      on
    ]
  },
  mark: {
    id: "mark",
    title: { zh: "登记净值（NAV）", en: "Record a NAV mark" },
    submit: { zh: "登记净值", en: "Record NAV" },
    fields: [
      { name: "nav", label: { zh: "基金净值（元）", en: "NAV (yuan)" }, control: "money" },
      { ...on, label: { zh: "估值基准日", en: "As of" } }
    ]
  },
  invest: {
    id: "invest",
    title: { zh: "登记投资", en: "Record an investment" },
    submit: { zh: "登记投资", en: "Record investment" },
    fields: [
      {
        name: "enterprise",
        label: { zh: "被投企业（统一社会信用代码）", en: "Enterprise (credit code)" },
        control: "uscc",
        choices: "enterprise",
        placeholder: "91330302MA…"
      },
      amount,
      on,
      {
        name: "instrument",
        label: { zh: "投资工具", en: "Instrument" },
        control: "select",
        choices: "instrument"
      },
      {
        name: "round",
        label: { zh: "轮次", en: "Round" },
        control: "text",
        optional: true,
        placeholder: "A"
      },
      {
        ...stage,
        label: { zh: "企业阶段（默认取登记信息）", en: "Stage (default: the registry's)" },
        optional: true
      },
      {
        ...techCategory,
        label: { zh: "技术类别（默认取登记信息）", en: "Tech category (default: the registry's)" },
        optional: true
      },
      {
        name: "mode",
        label: { zh: "投资方式", en: "Mode" },
        control: "select",
        choices: "mode",
        optional: true
      }
    ]
  },
  value: {
    id: "value",
    title: { zh: "登记估值", en: "Record a valuation" },
    submit: { zh: "登记估值", en: "Record valuation" },
    fields: [
      holding,
      { name: "fairValue", label: { zh: "公允价值（元）", en: "Fair value (yuan)" }, control: "money" },
      on
    ]
  },
  exit: {
    id: "exit",
    title: { zh: "登记退出", en: "Record an exit" },
    submit: { zh: "登记退出", en: "Record exit" },
    fields: [
      holding,
      { name: "proceeds", label: { zh: "退出所得（元）", en: "Proceeds (yuan)" }, control: "money" },
      {
        name: "costBasis",
        label: { zh: "退出部分成本（默认全部剩余成本）", en: "Cost exited (default: all that remains)" },
        control: "money",
        optional: true
      },
      { name: "route", label: { zh: "退出方式", en: "Route" }, control: "select", choices: "exitRoute" },
      on
    ]
  },
  convert: {
    id: "convert",
    title: { zh: "登记转股", en: "Record a conversion" },
    submit: { zh: "登记转股", en: "Record conversion" },
    fields: [
      {
        ...holding,
        label: { zh: "可转债/未来可转股权持仓", en: "Convertible or future-equity holding" },
        choices: "convertible"
      },
      { name: "shares", label: declaredLabel(recordConversion, "shares"), control: "decimal" },
      { name: "price", label: declaredLabel(recordConversion, "price"), control: "decimal" },
      on
    ]
  },
  status: {
    id: "status",
    title: { zh: "变更基金状态", en: "Change the fund's status" },
    submit: { zh: "登记状态", en: "Record status" },
    fields: [
      { name: "status", label: { zh: "状态", en: "Status" }, control: "select", choices: "status" },
      { ...on, label: { zh: "生效日期", en: "From" } }
    ]
  }
}

export const FUND_FORM_IDS = Object.keys(fundForms) as ReadonlyArray<FundFormId>

/** What each ledger form records: the declared write it posts to (`POST /api/v1/funds/{code}/…`). */
export const fundFormOperations = {
  commit: recordCommitment,
  call: recordCall,
  callProRata: recordProRataCall,
  distribute: recordDistribution,
  distributeProRata: recordProRataDistribution,
  mark: recordNavMark,
  invest: recordInvestment,
  value: recordValuation,
  exit: recordExit,
  convert: recordConversion,
  status: setFundStatus
} as const satisfies Record<FundFormId, Routed>

/** 登记企业: the small form beside the investment form. Its fields carry a `reg-` prefix, so both forms can post together. */
export const enterpriseForm: FormSpec = {
  id: "enterprise",
  title: { zh: "登记新企业", en: "Register an enterprise" },
  submit: { zh: "登记企业", en: "Register" },
  fields: [
    {
      name: "uscc",
      formName: "reg-uscc",
      label: { zh: "统一社会信用代码", en: "Credit code" },
      control: "uscc"
    },
    { name: "name", formName: "reg-name", label: { zh: "企业名称", en: "Name" }, control: "text" },
    {
      name: "district",
      formName: "reg-district",
      label: { zh: "注册地（区划代码）", en: "District (division code)" },
      control: "select",
      choices: "district"
    },
    { name: "industry", formName: "reg-industry", label: { zh: "行业", en: "Industry" }, control: "text" },
    { ...stage, formName: "reg-stage", label: { zh: "企业阶段", en: "Stage" } },
    { ...techCategory, formName: "reg-techCategory", label: { zh: "技术类别", en: "Tech category" } }
  ]
}

/** 新建基金 (administrators, on the funds page). */
export const createFundForm: FormSpec = {
  id: "fund-create",
  title: { zh: "新建基金", en: "Create a fund" },
  submit: { zh: "新建基金", en: "Create fund" },
  fields: [
    {
      name: "code",
      label: { zh: "基金代码（小写短横线）", en: "Code (lowercase slug)" },
      control: "text",
      placeholder: "wz-angel-2"
    },
    { name: "name", label: { zh: "基金名称", en: "Name" }, control: "text" },
    { name: "kind", label: { zh: "基金类型", en: "Kind" }, control: "select", choices: "kind" },
    {
      name: "chainStage",
      label: { zh: "链条阶段", en: "Chain stage" },
      control: "select",
      choices: "chainStage",
      optional: true
    },
    {
      name: "parent",
      label: { zh: "母基金（子基金必填）", en: "Parent fund (sub-funds)" },
      control: "select",
      choices: "parent",
      optional: true
    },
    {
      name: "manager",
      label: { zh: "基金管理人", en: "Manager" },
      control: "select",
      choices: "manager",
      numeric: true
    },
    {
      name: "targetSize",
      label: { zh: "目标规模（元）", en: "Target size (yuan)" },
      control: "money",
      placeholder: "5亿"
    },
    { name: "vintage", label: { zh: "成立日（首次交割）", en: "Vintage (first close)" }, control: "date" },
    {
      name: "status",
      label: { zh: "状态", en: "Status" },
      control: "select",
      choices: "status",
      optional: true
    },
    {
      name: "origin",
      label: { zh: "来源", en: "Origin" },
      control: "select",
      choices: "origin",
      optional: true
    },
    {
      name: "district",
      label: { zh: "注册地（区划代码）", en: "District (division code)" },
      control: "select",
      choices: "district"
    },
    {
      name: "reinvestRequired",
      label: { zh: "返投倍数要求", en: "Required local reinvestment multiple" },
      control: "decimal",
      optional: true,
      placeholder: "1.5"
    }
  ]
}

export const formNameOf = (field: FieldSpec): string => field.formName ?? field.name

/** The fields of `spec` from a parsed form body; anything else (`_csrf`, unknown names) is left out. */
export const formValuesOf = (spec: FormSpec, body: Readonly<Record<string, unknown>>): FormValues =>
  postedValues(body, spec.fields.map(formNameOf))

/**
 * The core's input from a form (a ledger form's fund is its route's path, merged in by the route): trimmed;
 * a blank optional field left out (the core's default); a required one sent even when blank, so the core
 * names it; ids as numbers when they are whole numbers.
 */
export const inputOf = (spec: FormSpec, values: FormValues): Record<string, unknown> => {
  const input: Record<string, unknown> = {}
  for (const field of spec.fields) {
    const text = (values[formNameOf(field)] ?? "").trim()
    if (text === "" && field.optional) continue
    input[field.name] = field.numeric === true && /^\d{1,15}$/.test(text) ? Number(text) : text
  }
  return input
}

/**
 * The errors a person can fix, from an error the core threw: field issues (ValidationError), a duplicate
 * (ConflictError). `undefined` for anything else (the caller answers with a status of its own).
 */
export const formErrorsOf = (
  spec: FormSpec,
  values: FormValues,
  error: unknown,
  lang?: Lang
): FormErrors | undefined => {
  const byCoreName = new Map(spec.fields.map((f) => [f.name, f]))
  const issues = fixableIssuesOf(error, lang)
  if (issues === undefined) return undefined
  return errorsOf(issues, ({ path, message, code }) => {
    const field = byCoreName.get(path)
    if (field === undefined) return undefined
    const name = formNameOf(field)
    // A select left on its blank choice reads as "Expected number" (or a missing key) to the schema: say
    // what is missing, in the page's language.
    const blank = (values[name] ?? "").trim() === ""
    const unchosen = blank && (code === "schema-invalid-type" || code === "schema-missing-key")
    return { field: name, message: unchosen ? (lang === "en" ? "must be chosen" : "请选择") : message }
  })
}
