/**
 * The monthly report's stylesheet, for the screen and for print: A4 pages with room for the page number
 * (a `@page` margin box, which Chromium prints), tables whose header row repeats on every page, and nothing
 * of the dashboard (no navigation, no buttons; `.screen-only` is hidden in print). Standalone: the HTML file
 * embeds it, the page links it.
 */
export const reportCss = `
@page {
  size: A4;
  margin: 16mm 14mm 18mm 14mm;
  @bottom-center {
    content: counter(page) " / " counter(pages);
    font: 9pt "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", sans-serif;
    color: #555;
  }
}
:root { color-scheme: light; }
* { box-sizing: border-box; }
body {
  margin: 0 auto;
  max-width: 210mm;
  padding: 12mm 10mm;
  font: 10.5pt/1.5 "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", system-ui, sans-serif;
  color: #111;
  background: #fff;
}
.title-block { text-align: center; border-bottom: 2px solid #a00; padding-bottom: 4mm; margin-bottom: 6mm; }
.title-block h1 { font-size: 20pt; margin: 0 0 2mm; letter-spacing: 0.05em; color: #a00; }
.title-block .report-month { font-size: 13pt; margin: 0 0 2mm; }
.title-block dl { display: flex; justify-content: center; gap: 8mm; margin: 0; font-size: 9pt; color: #444; }
.title-block dl div { display: flex; gap: 2mm; }
.title-block dd { margin: 0; }
.partial { color: #a00; font-size: 9pt; margin: 2mm 0 0; }
section { margin: 0 0 7mm; }
h2 { font-size: 13pt; margin: 0 0 2mm; break-after: avoid; page-break-after: avoid; }
h3 { font-size: 11pt; margin: 4mm 0 1.5mm; break-after: avoid; page-break-after: avoid; }
table { width: 100%; border-collapse: collapse; font-size: 9pt; margin: 0 0 2mm; }
thead { display: table-header-group; }
tfoot { display: table-row-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
th, td { border: 1px solid #999; padding: 1mm 1.5mm; vertical-align: top; text-align: left; }
thead th { background: #eee; font-weight: 600; }
tfoot th, tfoot td { font-weight: 600; background: #f6f6f6; }
.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
thead th.num { white-space: normal; }
.date { white-space: nowrap; }
table.wide { font-size: 8pt; }
table.wide th, table.wide td { padding: 0.8mm 1mm; }
.note { font-size: 8.5pt; color: #444; margin: 1mm 0; }
.muted { color: #666; }
.figures { display: flex; flex-wrap: wrap; gap: 2mm 8mm; margin: 0 0 2mm; }
.figures div { display: flex; gap: 2mm; }
.figures dt { color: #444; }
.figures dd { margin: 0; font-weight: 600; }
.badge { white-space: nowrap; }
.badge--behind, .badge--no-rate { color: #a00; }
.screen-only { margin: 0 0 6mm; font-size: 9.5pt; display: flex; gap: 4mm; align-items: center; flex-wrap: wrap; }
/* The site's menu above the report, on screen only. */
.site-menu { display: block; }
.site-header { display: flex; flex-wrap: wrap; align-items: baseline; gap: 1mm 5mm; width: 100%; padding-bottom: 2mm; border-bottom: 1px solid #ccc; }
.site-header .product-name { font-size: 13pt; font-weight: bold; margin: 0; }
.site-header .product-name a { color: inherit; text-decoration: none; }
.site-header .tagline { color: #666; }
.site-nav { display: flex; flex-wrap: wrap; gap: 1mm 4mm; align-items: center; }
.site-nav .signout { display: inline-flex; gap: 2mm; align-items: center; margin: 0; }
/* A phone: wide tables scroll sideways on their own, the first column held in place; the page stays put. */
@media screen and (max-width: 40rem) {
  table { display: block; overflow-x: auto; }
  tr > :first-child { position: sticky; left: 0; background: #fff; }
  thead tr > :first-child { background: #eee; }
  tfoot tr > :first-child { background: #f6f6f6; }
}
@media print {
  body { max-width: none; padding: 0; }
  .screen-only { display: none !important; }
  a { color: inherit; text-decoration: none; }
}
`
