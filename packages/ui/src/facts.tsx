/** @jsxImportSource hono/jsx */
import type { Child } from "hono/jsx"
import { Label, type Lang, type LocalizedText } from "./i18n.js"

/*
 * A record's particulars as a definition list (`<dl class="fund-facts">`): each fact a term in the
 * reader's language and its value.
 */

/** A definition list's term in the reader's language. */
export const Term = (props: { text: LocalizedText; lang: Lang }) => (
  <dt>
    <Label text={props.text} lang={props.lang} />
  </dt>
)

/** One fact: its term and its value. */
export const Fact = (props: { text: LocalizedText; lang: Lang; children?: Child }) => (
  <div>
    <Term text={props.text} lang={props.lang} />
    <dd>{props.children}</dd>
  </div>
)
