/**
 * @kejin/ui — the Kejin (科金) dashboard: the plugin API, the page that lays out every plugin's panels
 * (hono/jsx fragments loaded and refreshed with htmx 4, served from this package) and the built-in panels.
 */

export {
  ALERT_KIND_LABELS,
  alertRecordHref,
  alertsHref,
  alertsNavigation,
  alertsPlugin,
  alertText,
  notificationsPanel,
  troubledLoansHref
} from "./alerts/alerts-plugin.js"
export { Chart } from "./charts/chart.js"
export {
  barChart,
  CHART_FONT_FAMILY,
  type ChartData,
  type ChartFigure,
  type ChartMarker,
  type ChartOptions,
  type ChartSeries,
  type ChartValue,
  chartSvg,
  chartValueText,
  lineChart
} from "./charts/charts.js"
export {
  CITY_FUND_DIRECT_TARGET_KEY,
  CITY_FUND_SCALE_TARGET_KEY,
  type CityFundView,
  cityFundDirectPanel,
  cityFundPlugin,
  cityFundScalePanel,
  loadCityFund,
  subFundsPanel
} from "./city-fund/city-fund-plugin.js"
export { sessionWords } from "./client/session-notice.js"
export {
  CHANGED_EVENT,
  createDashboard,
  createFormAnswerer,
  type DashboardOptions,
  type DashboardSession,
  mountDashboard
} from "./dashboard/dashboard.js"
export { DEFAULT_REFRESH_SECONDS, PAGE_TITLE, Page, renderPage, SiteHeader } from "./dashboard/shell.js"
export { canCreateFund, canReadLedger, canWriteFund } from "./equity/access.js"
export {
  type ChainStagesView,
  chainStagesPanel,
  equityChainPlugin,
  fundsListPanel
} from "./equity/equity-chain-plugin.js"
export {
  type FormAnswerer,
  type FormPost,
  type FormRun,
  formAction,
  type OperationForm,
  operationForm,
  type Refusal
} from "./forms/operation-form.js"
export {
  catalogueText,
  htmlLang,
  Label,
  type Lang,
  type LocalizedText,
  langOf,
  textOf,
  withLang
} from "./i18n.js"
export { importRoutes, importsPlugin, uploadTooLarge } from "./imports/imports-plugin.js"
export { ImportLink, importHref, importsNavigation, LEDGER_IMPORT_KINDS } from "./imports/links.js"
export { IMPORT_BODY_BYTES, IMPORT_UPLOAD_BYTES, isImportUpload } from "./imports/upload.js"
export { journeyRoutes, SEARCH_ROWS } from "./journey/journey-page.js"
export {
  JOURNEY_SEARCH_PATH,
  JOURNEY_TITLE,
  journeyHref,
  journeyNavigation,
  journeySearchHref
} from "./journey/links.js"
export {
  linkageAsOf,
  linkagePilotsPanel,
  linkagePlugin,
  linkagePoolsPanel,
  linkageRecentPanel,
  type PilotRow,
  type PilotsView,
  type PoolsView,
  pilotRows,
  RECENT_ROWS,
  type RecentView
} from "./linkage/linkage-plugin.js"
export { type RecentItem, recentItems } from "./linkage/recent.js"
export {
  type BreakdownDimension,
  type PledgeBreakdownView,
  pledgeBankPanel,
  pledgeDistrictPanel
} from "./pledges/breakdown-panel.js"
export {
  PATENT_PLEDGE_TARGET_KEY,
  type PledgeMonthlyView,
  patentPledgePlugin,
  pledgeMonthlyPanel
} from "./pledges/pledges-plugin.js"
export { type PledgeProgressView, pledgeProgressPanel } from "./pledges/progress-panel.js"
export { pledgesNavigation } from "./pledges/registrations-page.js"
export {
  allowed,
  definePanel,
  definePlugin,
  type KejinPlugin,
  type NavigationItem,
  type Panel,
  type PanelContext,
  type PanelView,
  PluginError,
  type PluginRoute,
  type PluginTarget,
  validatePlugin
} from "./plugin.js"
export { Cell } from "./records/cells.js"
export { type KindRow, LINKAGE_KINDS } from "./records/kinds.js"
export { linkageRecordsPlugin, recordsNavigation, recordsPlugin } from "./records/records-plugin.js"
export { createRegistry, panelPath, RESERVED_PREFIXES } from "./registry.js"
export {
  type DefaultRecord,
  type DirectProject,
  type DisposalRecord,
  type GroupFigures,
  type GroupRow,
  type LargestRegistration,
  lastCompleteMonth,
  type MonthlyReport,
  type MonthlyReportOptions,
  monthBounds,
  monthlyReport,
  monthProblem,
  type Pace,
  type ReportBreakdown,
  type ReportDirect,
  type ReportPilot,
  type ReportRecords,
  type ReportTarget
} from "./reports/monthly-data.js"
export {
  changeText,
  completionPercentText,
  MonthlyReportDocument,
  monthTitle,
  paceText,
  type ReportDocumentOptions,
  renderMonthlyReport,
  reportDocumentTitle,
  wanText
} from "./reports/monthly-view.js"
export { reportCss } from "./reports/report-css.js"
export { MONTHLY_REPORT_PATH, reportsNavigation, reportsPlugin } from "./reports/reports-plugin.js"
export * as reportVocabulary from "./reports/vocabulary.js"
export { targetsPlugin, targetsProgressPanel } from "./targets/targets-plugin.js"
