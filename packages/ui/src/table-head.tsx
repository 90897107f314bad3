/** @jsxImportSource hono/jsx */
import { type Lang, type LocalizedText, textOf } from "./i18n.js"

/** A column of a table: its heading in both languages; `num` right-aligns it (counts, amounts). */
export interface Column extends LocalizedText {
  readonly num?: boolean
}

/** A table's `<thead>`: one `<th scope="col">` a column, in the reader's language. */
export const TableHead = (props: { columns: ReadonlyArray<Column>; lang: Lang }) => (
  <thead>
    <tr>
      {props.columns.map((column) => (
        <th scope="col" class={column.num ? "num" : undefined}>
          {textOf(column, props.lang)}
        </th>
      ))}
    </tr>
  </thead>
)
