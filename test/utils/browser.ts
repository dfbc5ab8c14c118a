import { mkdirSync } from "node:fs"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from "playwright-core"

const ROOT = fileURLToPath(new URL("../..", import.meta.url))

/** Debian's Chromium (apt package `chromium`), never a downloaded browser. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium"

/** Where every browser test saves its screenshots (git-ignored). */
export const SCREENSHOT_DIR = join(ROOT, ".tmp", "screenshots")
/** Where the README's screenshots live (committed). */
export const DOCS_DIR = join(ROOT, "docs")

/**
 * Starts headless Chromium. We run as root (no sandbox) on a machine without a network, so
 * everything that phones home is switched off.
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    timeout: 30_000,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  })
}

/** A loopback URL: the only kind the browser tests may load. */
export function isLocal(url: string): boolean {
  try {
    const { protocol, hostname } = new URL(url)
    if (protocol === "data:" || protocol === "about:") return true
    return ["127.0.0.1", "localhost", "[::1]"].includes(hostname)
  } catch {
    return false
  }
}

export interface TestContext {
  context: BrowserContext
  page: Page
  /** Requests the pages tried to make off this machine (aborted). */
  external: string[]
  /** Content-Security-Policy violations and console errors the pages reported. */
  problems: string[]
}

/**
 * A fresh browser profile whose requests off this machine are aborted and recorded: no page, the
 * sample's Dev IdP's included, may load anything remote.
 */
export async function newTestContext(browser: Browser, options: BrowserContextOptions = {}): Promise<TestContext> {
  const context = await browser.newContext({ viewport: { width: 1000, height: 720 }, ...options })
  context.setDefaultTimeout(10_000)
  context.setDefaultNavigationTimeout(15_000)
  const external: string[] = []
  const problems: string[] = []
  await context.route("**/*", (route) => {
    const url = route.request().url()
    if (isLocal(url)) return route.continue()
    external.push(url)
    return route.abort("blockedbyclient")
  })
  const page = await context.newPage()
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(message.text())
  })
  return { context, page, external, problems }
}

/** Saves a full-page PNG under `.tmp/screenshots/<suite>/<name>.png`. */
export async function saveScreenshot(page: Page, suite: string, name: string): Promise<string> {
  const dir = join(SCREENSHOT_DIR, suite)
  mkdirSync(dir, { recursive: true })
  const path = join(dir, `${name}.png`)
  await page.screenshot({ path, fullPage: true })
  return path
}
