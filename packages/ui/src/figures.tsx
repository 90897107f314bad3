/** @jsxImportSource hono/jsx */
import type { Decimal } from "@kejin/core"
import type { Child } from "hono/jsx"
import { percentText, progressValue } from "./equity/format.js"
import { Label, type Lang, type LocalizedText } from "./i18n.js"

/*
 * How a panel shows its headline figures: a box of a `.figures` grid (a term and its value), or a `.target`
 * block (a labelled progress bar with the figures under it).
 */

/** `data-*` attributes that name a figure for styles and tests, e.g. `{ "data-kpi": "bonds" }`. */
type DataAttributes = Readonly<Record<`data-${string}`, string>>

/** One figure of a `.figures` grid: its term in the reader's language and its value. */
export const FigureBox = (props: {
  data: DataAttributes
  text: LocalizedText
  lang: Lang
  children?: Child
}) => (
  <div class="figure-box" {...props.data}>
    <dt>
      <Label text={props.text} lang={props.lang} />
    </dt>
    <dd>{props.children}</dd>
  </div>
)

/**
 * A labelled progress bar (a `.target` block, `.target--met` when `met`): the label and the percentage
 * (after `pctPrefix`), the bar, the figures under it, then `children`. A `fraction` of null (nothing to
 * measure against) shows "—" and an empty bar.
 */
export const TargetBar = (props: {
  data: DataAttributes
  labelId: string
  label: Child
  fraction: Decimal | null
  figures: Child
  met?: boolean
  pctPrefix?: string
  children?: Child
}) => {
  const pct = props.fraction === null ? "—" : percentText(props.fraction)
  return (
    <div class={props.met ? "target target--met" : "target"} {...props.data}>
      <div class="target-head">
        <span class="target-label" id={props.labelId}>
          {props.label}
        </span>
        <span class="target-pct">
          {props.pctPrefix}
          {pct}
        </span>
      </div>
      <progress value={progressValue(props.fraction)} max={100} aria-labelledby={props.labelId}>
        {pct}
      </progress>
      <div class="target-figures">{props.figures}</div>
      {props.children}
    </div>
  )
}
