import { existsSync } from "node:fs"
import { type Browser, chromium } from "playwright-core"

/** Debian's Chromium, headless, with the flags this sandbox needs (no network beyond loopback). */
export const launchChromium = async (): Promise<Browser> => {
  const executablePath = process.env.KEJIN_CHROMIUM ?? "/usr/bin/chromium"
  if (!existsSync(executablePath)) {
    throw new Error(
      `no Chromium at ${executablePath}: install Debian's chromium (the test command does so as root)`
    )
  }
  return chromium.launch({
    executablePath,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync"
    ]
  })
}
