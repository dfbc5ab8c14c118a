import type { Browser, Page } from "playwright-core"
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest"
import { AppModule } from "../../../sample/app.module.js"
import { demoLogin } from "../../../sample/auth.config.js"
import { launchChromium, newTestContext, saveScreenshot, type TestContext } from "../../utils/browser.js"
import { startApp, type RunningApp } from "../../utils/nest-app.js"

const SUITE = "sign-in"

/**
 * The whole journey in Chromium, through the sample app: its home page, the built-in sign-in page,
 * the embedded OpenID Provider's own login and consent pages, the demo credentials user, an email
 * link read from the sample's dev mailbox, the guarded /profile page, and signing out.
 */
describe("signing in with a browser (sample app)", () => {
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
  afterEach(async () => {
    // Nothing any page loaded left this machine, and no page hit its Content-Security-Policy.
    expect(t.external).toEqual([])
    expect(t.problems.filter((text) => /Content Security Policy/i.test(text))).toEqual([])
    await t.context.close()
  })

  /** Home → "Sign in" → the built-in sign-in page. */
  async function openSignInPage(page: Page): Promise<void> {
    await page.goto(`${running.url}/`)
    await expect.poll(() => page.textContent("body")).toContain("You are not signed in")
    await page.getByRole("link", { name: "Sign in" }).click()
    await page.waitForURL(/\/auth\/signin\?callbackUrl=/)
    expect(await page.title()).toBe("Sign In")
  }

  /** The guarded page shows the user's profile card; the home page names the user. */
  async function expectSignedIn(page: Page, email: string): Promise<void> {
    await page.waitForURL(`${running.url}/profile`)
    expect(await page.title()).toBe("Your profile")
    expect(await page.locator("#email").textContent()).toBe(email)
    await page.goto(`${running.url}/`)
    await expect.poll(() => page.textContent("body")).toContain("Signed in as")
  }

  /** Home → "Sign out" → confirm → signed out, and the guarded page says 401 again. */
  async function signOut(page: Page, shot: string): Promise<void> {
    await page.getByRole("link", { name: "Sign out" }).click()
    await page.waitForURL(/\/auth\/signout/)
    expect(await page.title()).toBe("Sign Out")
    await saveScreenshot(page, SUITE, shot)
    await page.getByRole("button", { name: "Sign out" }).click()
    await page.waitForURL(`${running.url}/`)
    await expect.poll(() => page.textContent("body")).toContain("You are not signed in")
    await expectGuarded(page)
  }

  /**
   * Without a session the guarded page is refused: a 401, or (when the guard sends browsers to
   * sign in) the sign-in page with the guarded page as its callbackUrl.
   */
  async function expectGuarded(page: Page): Promise<void> {
    const response = await page.goto(`${running.url}/profile`)
    if (response?.status() === 401) return
    expect(page.url()).toBe(`${running.url}/auth/signin?callbackUrl=${encodeURIComponent(`${running.url}/profile`)}`)
    expect(await page.title()).toBe("Sign In")
  }

  it("signs in with the embedded OpenID Provider, reaches the guarded page, and signs out", async () => {
    t = await newTestContext(browser)
    const { page } = t
    await expectGuarded(page)
    await openSignInPage(page)
    await saveScreenshot(page, SUITE, "oidc-1-signin")

    await page.getByRole("button", { name: "Sign in with Dev IdP" }).click()
    await page.locator('input[name="login"]').waitFor()
    await saveScreenshot(page, SUITE, "oidc-2-idp-login")
    await page.locator('input[name="login"]').fill("alice")
    await page.locator('input[name="password"]').fill("any password")
    await page.getByRole("button", { name: "Sign in", exact: true }).click()
    await page.getByRole("button", { name: "Continue" }).click()

    await expectSignedIn(page, "alice@example.com")
    await saveScreenshot(page, SUITE, "oidc-3-home")
    expect(await page.textContent("body")).toContain("Signed in as alice")
    await signOut(page, "oidc-4-signout")
  })

  it("signs in the demo user with the credentials form, using only the keyboard", async () => {
    t = await newTestContext(browser)
    const { page } = t
    await openSignInPage(page)
    const form = page.locator("form", { has: page.getByRole("button", { name: "Sign in with Credentials" }) })

    // A wrong password first: back on the sign-in page with a banner screen readers announce.
    await form.getByLabel("Email").fill(demoLogin.email)
    await form.getByLabel("Password").fill("wrong")
    await form.getByLabel("Password").press("Enter")
    await page.waitForURL(/error=CredentialsSignin/)
    await expect.poll(() => page.getByRole("alert").textContent()).toContain("Check that the details you entered are correct")
    await saveScreenshot(page, SUITE, "credentials-1-error")

    await page.getByLabel("Email").first().focus()
    await page.keyboard.type(demoLogin.email)
    await page.keyboard.press("Tab")
    await page.keyboard.type(demoLogin.password)
    await page.keyboard.press("Enter")
    await expectSignedIn(page, demoLogin.email)
    expect(await page.textContent("body")).toContain("Signed in as Demo User")
    await signOut(page, "credentials-2-signout")
  })

  it("signs in with an email link from the dev mailbox; the used link then shows the Verification page", async () => {
    t = await newTestContext(browser)
    const { page } = t
    await openSignInPage(page)
    const form = page.locator("form", { has: page.getByRole("button", { name: "Sign in with Email" }) })
    await form.getByLabel("Email").fill("reader@example.com")
    await form.getByRole("button", { name: "Sign in with Email" }).click()

    await page.waitForURL(/\/auth\/verify-request\?provider=nodemailer&type=email/)
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Check your email")
    await saveScreenshot(page, SUITE, "email-1-verify-request")

    await page.goto(`${running.url}/dev/mail`)
    await expect.poll(() => page.textContent("body")).toContain("to reader@example.com")
    await saveScreenshot(page, SUITE, "email-2-mailbox")
    const link = (await page.getByRole("link", { name: "Open the sign-in link" }).first().getAttribute("href"))!
    await page.getByRole("link", { name: "Open the sign-in link" }).first().click()
    await expectSignedIn(page, "reader@example.com")
    await saveScreenshot(page, SUITE, "email-3-home")

    // The link works once.
    const again = await page.goto(link)
    expect(page.url()).toContain("/auth/error?error=Verification")
    expect(again?.status()).toBe(403)
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Unable to sign in")
    await saveScreenshot(page, SUITE, "email-4-used-link")

    await page.goto(`${running.url}/`)
    await signOut(page, "email-5-signout")
  })
})
