/** @jsxImportSource hono/jsx */
import { type Lang, type LocalizedText, textOf } from "../i18n.js"

/*
 * The notice a page keeps hidden until a request finds the session expired (see ./script.ts): the figures
 * stay, the notice says so and links to the sign-in page, which comes back here. Its words are the page's
 * language; the script only shows it and fills in the address to come back to.
 */

export const sessionWords = {
  expired: {
    zh: "登录已过期：页面上的数字保持不变，但不再更新；填写的内容已保留。",
    en: "Your session has ended: the figures on screen stay but no longer update; what you typed is kept."
  },
  signIn: { zh: "重新登录后回到此页", en: "Sign in again and come back here" },
  restored: {
    zh: "已恢复登录过期前填写的内容，请核对后再提交。",
    en: "What you typed before your session ended is back: check it, then submit."
  }
} as const satisfies Record<string, LocalizedText>

export const SESSION_NOTICE_ID = "session-expired"

export const SessionNotice = (props: { lang: Lang; loginPath?: string }) => (
  <div
    id={SESSION_NOTICE_ID}
    class="session-notice"
    role="alert"
    tabindex={-1}
    hidden
    data-restored-text={textOf(sessionWords.restored, props.lang)}
  >
    {textOf(sessionWords.expired, props.lang)}{" "}
    <a href={props.loginPath ?? "/login"} data-sign-in>
      {textOf(sessionWords.signIn, props.lang)}
    </a>
  </div>
)
