/** @jsxImportSource hono/jsx */
import { catalogueText, type Lang, type LocalizedText, textOf } from "../i18n.js"

/*
 * The notice a page keeps hidden until a request finds the session expired (see ./script.ts): the figures
 * stay, the notice says so and links to the sign-in page, which comes back here. Its words are the page's
 * language; the script only shows it and fills in the address to come back to.
 */

/** The notice's words, from the message catalogue (next to the sign-in page's). */
export const sessionWords = {
  expired: catalogueText("session-expired"),
  signIn: catalogueText("session-sign-in-again"),
  restored: catalogueText("session-form-restored")
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
