import type { LocalizedText } from "@kejin/ui"

/* Every word of the people, tokens and own-password pages, in Chinese and in English. */

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
  passwordsDiffer: { zh: "两次输入的新密码不一致", en: "the new passwords differ" },
  passwordChanged: {
    zh: "密码已修改。您在其他设备上的登录已结束。",
    en: "Your password is changed. Your other sessions have ended."
  },
  passwordOnce: {
    zh: "请立即把此密码告知本人：它只显示这一次，系统不保存明文。",
    en: "Give this password to the person now: it is shown only this once and is not stored."
  },
  tokenOnce: {
    zh: "请立即复制此令牌：它只显示这一次，系统只保存其哈希。",
    en: "Copy this token now: it is shown only this once; only its hash is kept."
  },
  newPasswordOf: { zh: "的新密码：", en: "'s new password: " },
  addedWithPassword: { zh: "已添加。初始密码：", en: "added. First password: " },
  tokenCreated: { zh: "令牌已创建：", en: "Token created: " },
  onlyAdmins: { zh: "仅管理员可管理人员和令牌。", en: "Only administrators may manage people and tokens." },
  onlyPeople: {
    zh: "接口令牌没有自己的密码：请以人员身份登录。",
    en: "An API token has no password of its own: sign in as a person."
  },
  lastAdminWhy: {
    zh: "最后一位启用的管理员不能被停用或降级：否则将无人能管理人员、重置密码或查看审计日志。",
    en: "The last active administrator cannot be disabled or demoted: nobody could then manage people, reset passwords or read the audit journal."
  },
  confirmDisable: {
    zh: "停用后此人无法登录，其会话立即结束。",
    en: "A disabled person cannot sign in; their sessions end at once."
  },
  done: { zh: "已保存。", en: "Saved." },
  disabledDone: { zh: "已停用，其会话已结束。", en: "Disabled; their sessions have ended." },
  enabledDone: { zh: "已启用。", en: "Enabled." },
  revokedDone: { zh: "令牌已吊销。", en: "Token revoked." },
  notFound: { zh: "找不到此人员或令牌。", en: "No such person or token." },
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
