/** @jsxImportSource hono/jsx */
import {
  type AnyOperation,
  type ColumnType,
  columnLabels,
  type Leaf,
  leavesOf,
  recordListsOf
} from "@kejin/core/internal"
import { Cell, type Lang, type LocalizedText, textOf } from "@kejin/ui"
import { auditWords, payloadFieldLabels, payloadValueLabels } from "./vocabulary.js"

/*
 * A journal entry's content for people: each field its payload holds under the label the command's
 * operation declares for it (operations/labels.ts, as its form and its export label it), its value as the
 * record pages show one (money in 万/亿 with the exact amount on hover, choices and yes/no in the page's
 * language, lists joined), a list of records as a list; the raw JSON under a disclosure. A field no
 * declaration names (a batch's row count, a command written by hand) reads as its key.
 */

type Json = Readonly<Record<string, unknown>>

const isRecord = (value: unknown): value is Json =>
  typeof value === "object" && value !== null && !Array.isArray(value)

/** How to read a payload's fields: the operation's name (for its labels) and its input's fields by path. */
interface Scope {
  readonly op: string
  readonly leaves: ReadonlyMap<string, Leaf>
  /** The fields holding a list of records, each with its records' fields. */
  readonly lists: ReadonlyMap<string, ReadonlyMap<string, Leaf>>
}

const byKey = (leaves: ReadonlyArray<Leaf>): ReadonlyMap<string, Leaf> =>
  new Map(leaves.map((leaf) => [leaf.path.join("."), leaf]))

const scopeOf = (op: AnyOperation | undefined): Scope =>
  op === undefined
    ? { op: "", leaves: new Map(), lists: new Map() }
    : {
        op: op.name,
        leaves: byKey(leavesOf(op.input)),
        lists: new Map(recordListsOf(op.input).map((list) => [list.key, byKey(list.leaves)]))
      }

/** One field of a payload: a value shown in a cell, or a list of records. */
type Field =
  | { readonly path: ReadonlyArray<string>; readonly value: unknown }
  | { readonly path: ReadonlyArray<string>; readonly records: ReadonlyArray<Json> }

/** The fields of `payload`, in its order: nested objects by path, a list of records as one field. */
const fieldsOf = (payload: Json, path: ReadonlyArray<string> = []): ReadonlyArray<Field> =>
  Object.entries(payload).flatMap(([name, value]): ReadonlyArray<Field> => {
    const at = [...path, name]
    if (isRecord(value)) return fieldsOf(value, at)
    if (Array.isArray(value) && value.length > 0 && value.every(isRecord))
      return [{ path: at, records: value }]
    return [{ path: at, value }]
  })

/** A field's type where its operation does not declare it: a list, a yes/no, a number or text. */
const typeOf = (value: unknown): ColumnType =>
  Array.isArray(value)
    ? "list"
    : typeof value === "boolean"
      ? "boolean"
      : typeof value === "number"
        ? "number"
        : "text"

/** `fields` in the order the input declares them (the payload's keys are sorted), any other after them. */
const inDeclaredOrder = (fields: ReadonlyArray<Field>, scope: Scope): ReadonlyArray<Field> => {
  const order = [...scope.leaves.keys(), ...scope.lists.keys()]
  const rank = (field: Field) => {
    const at = order.indexOf(field.path.join("."))
    return at === -1 ? order.length : at
  }
  return [...fields].sort((a, b) => rank(a) - rank(b))
}

const ownLabel = (op: string, key: string): LocalizedText | undefined =>
  columnLabels(op, key) ??
  (Object.hasOwn(payloadFieldLabels, key)
    ? payloadFieldLabels[key as keyof typeof payloadFieldLabels]
    : undefined)

/**
 * A field's label: the one its operation declares (operations/labels.ts), else the audit's own; else that of
 * the longest labelled start of its path with the rest of it after (`评分维度 · 研发投入`); else none.
 */
export const labelOf = (op: string, path: ReadonlyArray<string>): LocalizedText | undefined => {
  const own = ownLabel(op, path.join("."))
  if (own !== undefined) return own
  for (let end = path.length - 1; end > 0; end--) {
    const start = ownLabel(op, path.slice(0, end).join("."))
    const rest = path.slice(end).join(".")
    if (start !== undefined) return { zh: `${start.zh} · ${rest}`, en: `${start.en} · ${rest}` }
  }
  return undefined
}

const Fields = (props: { payload: Json; scope: Scope; lang: Lang }) => {
  const { scope, lang } = props
  return (
    <dl class="journal-content">
      {inDeclaredOrder(fieldsOf(props.payload), scope).map((field) => {
        const key = field.path.join(".")
        const label = labelOf(scope.op, field.path)
        return (
          <div data-field={key}>
            <dt>{label === undefined ? key : textOf(label, lang)}</dt>
            <dd>
              {"records" in field ? (
                <ol>
                  {field.records.map((record) => (
                    <li>
                      <Fields
                        payload={record}
                        scope={{ op: scope.op, leaves: scope.lists.get(key) ?? new Map(), lists: new Map() }}
                        lang={lang}
                      />
                    </li>
                  ))}
                </ol>
              ) : typeof field.value === "string" && payloadValueLabels[key]?.[field.value] !== undefined ? (
                textOf(payloadValueLabels[key][field.value]!, lang)
              ) : (
                <Cell
                  item={field.value}
                  shown={{
                    column: {
                      key,
                      path: [],
                      type: scope.leaves.get(key)?.type ?? typeOf(field.value),
                      label
                    },
                    words: scope.leaves.get(key)?.literals
                  }}
                  lang={lang}
                />
              )}
            </dd>
          </div>
        )
      })}
    </dl>
  )
}

/**
 * A journal entry's `payload` for people, labelled as `operation` (the write its command is, when one is
 * declared) labels its input, in `lang`; its raw JSON under a disclosure.
 */
export const EntryContent = (props: {
  payload: unknown
  operation: AnyOperation | undefined
  lang: Lang
}) => {
  const { payload, lang } = props
  const raw = JSON.stringify(payload)
  return (
    <>
      {isRecord(payload) && Object.keys(payload).length > 0 ? (
        <Fields payload={payload} scope={scopeOf(props.operation)} lang={lang} />
      ) : null}
      <details class="journal-raw">
        <summary>{textOf(auditWords.rawJson, lang)}</summary>
        <code>{raw}</code>
      </details>
    </>
  )
}
