import { definePlugin } from "@kejin/ui"
import { titles } from "./vocabulary.js"

/**
 * No panels: the header's links to the server's own pages — people, tokens and the audit journal for
 * administrators, one's own password for everyone signed in (admin/routes.tsx, audit/page.tsx).
 */
export const adminPlugin = definePlugin({
  id: "admin",
  title: titles.admin,
  order: 95,
  panels: [],
  navigation: [
    { href: "/admin/people", label: titles.people, permission: "users.manage" },
    { href: "/admin/tokens", label: titles.tokens, permission: "users.manage" },
    { href: "/audit", label: titles.audit, permission: "audit.read" },
    { href: "/account/password", label: titles.password, permission: "dashboard.read" }
  ]
})
