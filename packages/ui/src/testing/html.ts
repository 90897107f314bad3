/*
 * For tests: parts of a page's HTML, found by the attributes the views give them.
 */

/** The text of `html`: tags dropped, white space folded. */
export const plainText = (html: string): string =>
  html
    .replace(/<[^>]+>/g, " ")
    .replace(/\s+/g, " ")
    .trim()

const found = (match: RegExpExecArray | null, what: string, html: string): RegExpExecArray => {
  if (match === null) throw new Error(`no ${what} in ${html}`)
  return match
}

/** The value of the figure box `data-figure="name"`, as text. */
export const figureText = (html: string, name: string): string =>
  plainText(
    found(
      new RegExp(`<div class="figure-box" data-figure="${name}">[\\s\\S]*?<dd>([\\s\\S]*?)</dd>`).exec(html),
      `figure ${name}`,
      html
    )[1]!
  )

/** The `<form id="id">…</form>`. */
export const formHtml = (html: string, id: string): string =>
  found(new RegExp(`<form id="${id}"[\\s\\S]*?</form>`).exec(html), `form ${id}`, html)[0]

/** The `<div class="field…" data-field="name">…</div>` of one form field. */
export const fieldHtml = (html: string, name: string): string =>
  found(
    new RegExp(`<div class="field[^"]*" data-field="${name.replace(".", "\\.")}">([\\s\\S]*?)</div>`).exec(
      html
    ),
    `field ${name}`,
    html
  )[0]
