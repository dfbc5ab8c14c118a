import { copyFileSync, mkdirSync, statSync } from "node:fs"
import { join } from "node:path"
import type { Browser, Page } from "playwright-core"
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest"
import { AppModule } from "../../../sample/app.module.js"
import { demoLogin } from "../../../sample/auth.config.js"
import { DOCS_DIR, launchChromium, newTestContext, saveScreenshot, type TestContext } from "../../utils/browser.js"
import { startApp, type RunningApp } from "../../utils/nest-app.js"
import { LOGO, ThemedAppModule } from "./themed-app.module.js"

const SUITE = "pages"
type Scheme = "light" | "dark"

/** Text/background contrast (WCAG 2) of every visible text element in `main`, worst first. */
function contrasts(page: Page) {
  return page.evaluate(() => {
    const parse = (css: string) => {
      const [r = 0, g = 0, b = 0, a = 1] = (/rgba?\(([^)]+)\)/.exec(css)?.[1] ?? "0,0,0,0").split(/[\s,/]+/).map(Number)
      return { r, g, b, a }
    }
    const channel = (v: number) => ((v /= 255) <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4)
    const luminance = (c: { r: number; g: number; b: number }) =>
      0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b)
    const background = (element: Element) => {
      for (let e: Element | null = element; e; e = e.parentElement) {
        const color = parse(getComputedStyle(e).backgroundColor)
        if (color.a > 0) return color
      }
      return { r: 255, g: 255, b: 255, a: 1 }
    }
    return Array.from(document.querySelectorAll("main h1, main p, main label, main button, main a, main .separator"))
      .filter((e) => (e as HTMLElement).offsetParent !== null && e.textContent!.trim() !== "")
      .map((e) => {
        const [fg, bg] = [luminance(parse(getComputedStyle(e).color)), luminance(background(e))]
        const ratio = (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05)
        return { text: e.textContent!.trim().slice(0, 40), ratio: Math.round(ratio * 100) / 100 }
      })
      .sort((a, b) => a.ratio - b.ratio)
  })
}

const bodyBackground = (page: Page) => page.evaluate(() => getComputedStyle(document.body).backgroundColor)
const LIGHT_BACKGROUND = "rgb(243, 244, 246)"
const DARK_BACKGROUND = "rgb(17, 19, 24)"

describe("the built-in pages in Chromium", () => {
  let browser: Browser
  let apps: Record<"themed" | "dark" | "light" | "ownPages", RunningApp>
  let t: TestContext | undefined

  beforeAll(async () => {
    const [launched, themed, dark, light, ownPages] = await Promise.all([
      launchChromium(),
      startApp(ThemedAppModule.with({ theme: { brandColor: "#0a7d3c", buttonText: "#ffffff", logo: LOGO } })),
      startApp(ThemedAppModule.with({ theme: { colorScheme: "dark" } })),
      startApp(ThemedAppModule.with({ theme: { colorScheme: "light", brandColor: "#facc15" } })),
      startApp(
        ThemedAppModule.with({ pages: { signIn: "/login", signOut: "/bye", error: "/oops", verifyRequest: "/check-mail" } }),
      ),
    ])
    browser = launched
    apps = { themed, dark, light, ownPages }
  })
  afterAll(async () => {
    await browser?.close()
    await Promise.all(Object.values(apps ?? {}).map((app) => app.app.close()))
  })
  afterEach(async () => {
    if (!t) return
    // Offline pages: nothing requested from elsewhere, nothing refused by the Content-Security-Policy.
    expect(t.external).toEqual([])
    // (The error page's own 403 status is reported as a console error too; that one is expected.)
    expect(t.problems.filter((text) => !/status of 403/.test(text))).toEqual([])
    await t.context.close()
    t = undefined
  })

  const pagesToCheck = [
    ["sign-in with an error", "/auth/signin?error=CredentialsSignin"],
    ["sign-out", "/auth/signout"],
    ["error", "/auth/error?error=Verification"],
    ["verify-request", "/auth/verify-request?provider=email&type=email"],
  ] as const

  describe.each(["light", "dark"] as const)("with prefers-color-scheme: %s", (scheme: Scheme) => {
    it.each(pagesToCheck)("keeps the %s page's text at WCAG AA contrast (4.5:1)", async (name, path) => {
      t = await newTestContext(browser, { colorScheme: scheme })
      await t.page.goto(`${apps.themed.url}${path}`)
      expect(await bodyBackground(t.page)).toBe(scheme === "dark" ? DARK_BACKGROUND : LIGHT_BACKGROUND)
      const measured = await contrasts(t.page)
      expect(measured.length).toBeGreaterThan(1)
      expect(measured.filter((m) => m.ratio < 4.5)).toEqual([])
      await saveScreenshot(t.page, SUITE, `${name.replace(/ /g, "-")}-${scheme}`)
    })
  })

  it("follows theme.colorScheme over the browser's preference", async () => {
    t = await newTestContext(browser, { colorScheme: "light" })
    await t.page.goto(`${apps.dark.url}/auth/signin`)
    expect(await bodyBackground(t.page)).toBe(DARK_BACKGROUND)
    await t.page.emulateMedia({ colorScheme: "dark" })
    await t.page.goto(`${apps.light.url}/auth/signin`)
    expect(await bodyBackground(t.page)).toBe(LIGHT_BACKGROUND)
    expect((await contrasts(t.page)).filter((m) => m.ratio < 4.5)).toEqual([])
  })

  it("paints buttons with theme.brandColor and theme.buttonText and shows theme.logo", async () => {
    t = await newTestContext(browser)
    await t.page.goto(`${apps.themed.url}/auth/signin`)
    const primary = t.page.getByRole("button", { name: "Sign in with Credentials" })
    expect(await primary.evaluate((e) => getComputedStyle(e).backgroundColor)).toBe("rgb(10, 125, 60)")
    expect(await primary.evaluate((e) => getComputedStyle(e).color)).toBe("rgb(255, 255, 255)")
    const acme = t.page.getByRole("button", { name: "Sign in with Acme" })
    expect(await acme.evaluate((e) => getComputedStyle(e).backgroundColor)).toBe("rgb(36, 41, 47)")
    const logo = t.page.locator("img.logo")
    expect(await logo.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(48)
    await saveScreenshot(t.page, SUITE, "themed-signin")
  })

  it("gives a light brand color dark button text", async () => {
    t = await newTestContext(browser)
    await t.page.goto(`${apps.light.url}/auth/signin`)
    const primary = t.page.getByRole("button", { name: "Sign in with Email" })
    expect(await primary.evaluate((e) => getComputedStyle(e).backgroundColor)).toBe("rgb(250, 204, 21)")
    expect(await primary.evaluate((e) => getComputedStyle(e).color)).toBe("rgb(17, 24, 39)")
  })

  it("exposes headings, labelled fields and named buttons to screen readers", async () => {
    t = await newTestContext(browser)
    await t.page.goto(`${apps.themed.url}/auth/signin?error=EmailSignin`)
    const tree = await t.page.locator("main").ariaSnapshot()
    for (const line of [
      'heading "Sign in" [level=1]',
      "- alert:\n    - paragraph: The sign-in email could not be sent. Check the address and try again.",
      'button "Sign in with Acme"',
      'textbox "Email"',
      'textbox "Password"',
      'button "Sign in with Credentials"',
      'separator "or"',
      'button "Sign in with Email"',
    ]) {
      expect(tree).toContain(line)
    }
    // Every visible field has a label of its own.
    const unlabelled = await t.page.$$eval("main input:not([type=hidden])", (inputs) =>
      inputs.filter((i) => (i as HTMLInputElement).labels?.length !== 1).map((i) => i.outerHTML),
    )
    expect(unlabelled).toEqual([])
  })

  it("can be used with the keyboard alone, with a visible focus ring on every stop", async () => {
    t = await newTestContext(browser)
    const { page } = t
    await page.goto(`${apps.themed.url}/auth/signin`)
    const stops: Array<{ name: string; outline: string }> = []
    for (let i = 0; i < 6; i++) {
      await page.keyboard.press("Tab")
      stops.push(
        await page.evaluate(() => {
          const e = document.activeElement as HTMLInputElement
          const style = getComputedStyle(e)
          const name = e.tagName === "BUTTON" ? e.textContent!.trim() : `${e.labels?.[0]?.textContent} field`
          return { name, outline: `${style.outlineStyle} ${parseFloat(style.outlineWidth) >= 2}` }
        }),
      )
    }
    expect(stops).toEqual(
      ["Sign in with Acme", "Email field", "Password field", "Sign in with Credentials", "Email field", "Sign in with Email"].map(
        (name) => ({ name, outline: "solid true" }),
      ),
    )
    await saveScreenshot(page, SUITE, "keyboard-focus")

    // Back to the email field, type an address, Enter: the "check your email" page.
    await page.keyboard.press("Shift+Tab")
    await page.keyboard.type("keyboard@example.com")
    await page.keyboard.press("Enter")
    await page.waitForURL(/\/auth\/verify-request\?provider=email&type=email/)
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Check your email")
  })

  it.each([320, 768, 1440])("fits a %i px wide screen without sideways scrolling", async (width) => {
    t = await newTestContext(browser, { viewport: { width, height: 700 } })
    await t.page.goto(`${apps.themed.url}/auth/signin?error=CredentialsSignin`)
    expect(await t.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width)
    const card = (await t.page.locator("main").boundingBox())!
    expect(card.x).toBeGreaterThanOrEqual(0)
    expect(card.x + card.width).toBeLessThanOrEqual(width)
    expect(card.width).toBeLessThanOrEqual(23 * 16)
    for (const button of await t.page.getByRole("button").all()) {
      const box = (await button.boundingBox())!
      expect(box.height).toBeGreaterThanOrEqual(44) // touch target
      expect(box.x + box.width).toBeLessThanOrEqual(width)
    }
    await saveScreenshot(t.page, SUITE, `signin-${width}px`)
  })

  it("sends users to the app's own pages when pages.* are set", async () => {
    t = await newTestContext(browser)
    const { page } = t
    const base = apps.ownPages.url
    const query = async () => JSON.parse((await page.textContent("#query"))!)

    await page.goto(`${base}/auth/signin`)
    expect(new URL(page.url()).pathname).toBe("/login")
    expect(await query()).toEqual({ callbackUrl: base })
    await page.goto(`${base}/auth/signout`)
    expect(new URL(page.url()).pathname).toBe("/bye")
    await page.goto(`${base}/auth/error?error=AccessDenied`)
    expect([new URL(page.url()).pathname, await query()]).toEqual(["/oops", { error: "AccessDenied" }])
    await page.goto(`${base}/auth/verify-request?provider=email&type=email`)
    expect([new URL(page.url()).pathname, await query()]).toEqual(["/check-mail", { provider: "email", type: "email" }])
  })
})

/**
 * `npm run docs:screenshots` sets this to write the README's pictures into docs/. Otherwise the
 * pictures go to .tmp/screenshots/docs only: a test run never changes the committed files.
 */
const WRITE_DOCS = process.env.DOCS_SCREENSHOTS === "1"

/** docs/<name>.png's size and modification time, or undefined when there is none. */
function docsFile(name: string): string | undefined {
  try {
    const { size, mtimeMs } = statSync(join(DOCS_DIR, `${name}.png`))
    return `${size} ${mtimeMs}`
  } catch {
    return undefined
  }
}

/**
 * The README's pictures: the sample's pages as users first meet them. The browser says it reached
 * the app as `localhost:3000` (X-Forwarded-Host; the sample trusts it in development), so the
 * pictures do not change with the random test port.
 */
describe("screenshots for the README (sample app)", () => {
  let browser: Browser
  let running: RunningApp
  let t: TestContext

  beforeAll(async () => {
    ;[browser, running] = await Promise.all([launchChromium(), startApp(AppModule)])
  })
  afterAll(async () => {
    await browser?.close()
    await running?.app.close()
  })

  it.each([
    ["signin", "/auth/signin", "light", "Sign In"],
    ["signin-dark", "/auth/signin", "dark", "Sign In"],
    ["signout", "/auth/signout", "light", "Sign Out"],
    ["verify-request", "/auth/verify-request?provider=nodemailer&type=email", "light", "Verify Request"],
    ["error", "/auth/error?error=Verification", "light", "Error"],
  ] as const)("docs/%s.png", async (name, path, colorScheme, title) => {
    t = await newTestContext(browser, {
      colorScheme,
      viewport: { width: 640, height: 480 },
      extraHTTPHeaders: { "x-forwarded-host": "localhost:3000" },
    })
    await t.page.goto(`${running.url}${path}`)
    expect(await t.page.title()).toBe(title)
    expect(t.external).toEqual([])
    await saveDocsScreenshot(t.page, name)
    await t.context.close()
  })

  it("docs/sample-home.png, docs/sample-profile.png and docs/sample-profile-dark.png", async () => {
    t = await newTestContext(browser, { colorScheme: "light", viewport: { width: 640, height: 560 } })
    const { page } = t
    await page.goto(`${running.url}/`)
    expect(await page.title()).toBe("nestjs-authjs sample")
    expect(await bodyBackground(page)).toBe(LIGHT_BACKGROUND)
    expect((await contrasts(page)).filter((m) => m.ratio < 4.5)).toEqual([])
    await saveDocsScreenshot(page, "sample-home")

    // The demo user, through the built-in sign-in page, lands on the profile card.
    await page.getByRole("link", { name: "Sign in" }).click()
    const form = page.locator("form", { has: page.getByRole("button", { name: "Sign in with Credentials" }) })
    await form.getByLabel("Email").fill(demoLogin.email)
    await form.getByLabel("Password").fill(demoLogin.password)
    await form.getByRole("button", { name: "Sign in with Credentials" }).click()
    await page.waitForURL(`${running.url}/profile`)
    expect(await page.locator("#role").textContent()).toBe("admin")
    for (const scheme of ["light", "dark"] as const) {
      await page.emulateMedia({ colorScheme: scheme })
      expect(await bodyBackground(page)).toBe(scheme === "dark" ? DARK_BACKGROUND : LIGHT_BACKGROUND)
      const measured = await contrasts(page)
      expect(measured.length).toBeGreaterThan(3)
      expect(measured.filter((m) => m.ratio < 4.5)).toEqual([])
      await saveDocsScreenshot(page, scheme === "dark" ? "sample-profile-dark" : "sample-profile")
    }
    expect(t.external).toEqual([])
    await t.context.close()
  })
})

/** Saves the page as `.tmp/screenshots/docs/<name>.png`, and as docs/<name>.png under `npm run docs:screenshots` only. */
async function saveDocsScreenshot(page: Page, name: string): Promise<void> {
  const before = docsFile(name)
  const shot = await saveScreenshot(page, "docs", name)
  if (WRITE_DOCS) {
    mkdirSync(DOCS_DIR, { recursive: true })
    copyFileSync(shot, join(DOCS_DIR, `${name}.png`))
  } else {
    expect(docsFile(name)).toBe(before)
  }
}
