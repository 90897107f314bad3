import { catalogueText, type LocalizedText } from "@kejin/ui"

/*
 * Every word of the people, tokens and own-password pages, in Chinese and in English: the labels here, the
 * sentences (notices, warnings, refusals) from the message catalogue's `admin-…` block.
 */

export const titles = {
  people: { zh: "人员管理", en: "People" },
  tokens: { zh: "接口令牌", en: "API tokens" },
  password: { zh: "修改密码", en: "Change password" },
  admin: { zh: "系统管理", en: "Administration" },
  audit: { zh: "审计日志", en: "Audit journal" }
} satisfies Record<string, LocalizedText>

export const roleLabels = {
  admin: { zh: "管理员", en: "Administrator" },
  bureau: { zh: "科技局", en: "Bureau" },
  "fund-manager": { zh: "基金管理人", en: "Fund manager" },
  viewer: { zh: "只读", en: "Viewer" }
} satisfies Record<string, LocalizedText>

export const columns = {
  login: { zh: "登录名", en: "Login" },
  displayName: { zh: "姓名", en: "Name" },
  role: { zh: "角色", en: "Role" },
  funds: { zh: "可管理的基金", en: "Funds" },
  status: { zh: "状态", en: "Status" },
  lastSignIn: { zh: "最近登录（北京时间）", en: "Last sign-in (Shanghai time)" },
  actions: { zh: "操作", en: "Actions" },
  tokenName: { zh: "令牌名称", en: "Token name" },
  createdAt: { zh: "创建时间（北京时间）", en: "Created (Shanghai time)" },
  createdBy: { zh: "创建人", en: "Created by" },
  lastUsed: { zh: "最近使用（北京时间）", en: "Last used (Shanghai time)" }
} satisfies Record<string, LocalizedText>

export const words = {
  active: { zh: "启用", en: "Active" },
  disabled: { zh: "已停用", en: "Disabled" },
  revoked: { zh: "已吊销", en: "Revoked" },
  never: { zh: "从未", en: "Never" },
  none: { zh: "无", en: "None" },
  addPerson: { zh: "添加人员", en: "Add a person" },
  add: { zh: "添加", en: "Add" },
  changeRole: { zh: "更改角色", en: "Change role" },
  disable: { zh: "停用", en: "Disable" },
  enable: { zh: "启用", en: "Enable" },
  resetPassword: { zh: "重置密码", en: "Reset password" },
  fundsHint: {
    zh: "基金编号，多个以逗号分隔；仅基金管理人需要",
    en: "Fund ids, separated by commas; for fund managers only"
  },
  createToken: { zh: "创建令牌", en: "Create a token" },
  create: { zh: "创建", en: "Create" },
  revoke: { zh: "吊销", en: "Revoke" },
  currentPassword: { zh: "当前密码", en: "Current password" },
  newPassword: { zh: "新密码（至少 12 位）", en: "New password (12 characters or more)" },
  newPasswordAgain: { zh: "再次输入新密码", en: "New password again" },
  save: { zh: "保存", en: "Save" },
  passwordsDiffer: catalogueText("admin-passwords-differ"),
  passwordChanged: catalogueText("admin-password-changed"),
  passwordOnce: catalogueText("admin-password-once"),
  tokenOnce: catalogueText("admin-token-once"),
  newPasswordOf: { zh: "的新密码：", en: "'s new password: " },
  addedWithPassword: { zh: "已添加。初始密码：", en: "added. First password: " },
  tokenCreated: { zh: "令牌已创建：", en: "Token created: " },
  onlyAdmins: catalogueText("admin-only-admins"),
  onlyPeople: catalogueText("admin-only-people"),
  lastAdminWhy: catalogueText("admin-last-admin-why"),
  confirmDisable: catalogueText("admin-confirm-disable"),
  done: catalogueText("admin-saved"),
  disabledDone: catalogueText("admin-disabled-done"),
  enabledDone: catalogueText("admin-enabled-done"),
  revokedDone: catalogueText("admin-token-revoked"),
  notFound: catalogueText("admin-not-found"),
  otherError: { zh: "输入有误：", en: "Invalid input: " }
} satisfies Record<string, LocalizedText>

/** What the people and tokens pages say about a field the core refused. */
export const fieldLabels: Record<string, LocalizedText> = {
  login: columns.login,
  displayName: columns.displayName,
  role: columns.role,
  funds: columns.funds,
  name: columns.tokenName,
  current: words.currentPassword,
  password: words.newPassword
}
