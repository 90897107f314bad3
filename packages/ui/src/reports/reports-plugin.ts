import type { NavigationItem } from "../plugin.js"
import { definePlugin } from "../plugin.js"
import { REPORT_NAV, REPORT_TITLE } from "./vocabulary.js"

/** Where the server answers the monthly report (`?month=YYYY-MM&lang=en`). */
export const MONTHLY_REPORT_PATH = "/reports/monthly"

/** The header link to the monthly report (every signed-in role may read it). */
export const reportsNavigation: NavigationItem = {
  href: MONTHLY_REPORT_PATH,
  label: REPORT_NAV,
  permission: "dashboard.read"
}

/**
 * The reports (通报): no panels, only the header's link to the monthly report, whose page the server
 * answers (it is a document of its own, for print, not a part of the dashboard).
 */
export const reportsPlugin = definePlugin({
  id: "reports",
  title: REPORT_TITLE,
  order: 90,
  panels: [],
  navigation: [reportsNavigation]
})
