import type { Browser, CDPSession, Page } from "playwright-core"
import type pg from "pg"
import { copyFileSync, existsSync, statSync } from "node:fs"
import { join } from "node:path"
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest"
import { MemoryAdapter } from "../../../lib/index.js"
import { newPool, sharedPostgres, stopBackendServers } from "../../utils/adapter-backends.js"
import { DOCS_DIR, launchChromium, newTestContext, saveScreenshot, type TestContext } from "../../utils/browser.js"
import { createDrizzleSchema } from "../../utils/drizzle-schema.js"
import { startApp, type RunningApp } from "../../utils/nest-app.js"
import { drizzleAdapter, PasskeyAppModule } from "./passkey-app.module.js"

const SUITE = "passkey"

// The DevTools protocol's WebAuthn shapes (playwright-core's exports map hides its protocol types).
type Credential = {
  credentialId: string
  signCount: number
  isResidentCredential: boolean
  privateKey: string
  rpId?: string
  userHandle?: string
}

const AUTHENTICATOR = {
  protocol: "ctap2" as const,
  transport: "internal" as const,
  hasResidentKey: true,
  hasUserVerification: true,
  isUserVerified: true,
  automaticPresenceSimulation: true,
}

/** A CTAP2 platform authenticator with resident keys that verifies the user without asking. */
async function virtualAuthenticator(page: Page): Promise<{ cdp: CDPSession; authenticatorId: string }> {
  const cdp = await page.context().newCDPSession(page)
  await cdp.send("WebAuthn.enable")
  const { authenticatorId } = await cdp.send("WebAuthn.addVirtualAuthenticator", { options: AUTHENTICATOR })
  return { cdp, authenticatorId }
}

/** A fresh virtual authenticator holding `credential` (a passkey from another authenticator). */
async function plugIn(cdp: CDPSession, credential: Credential): Promise<string> {
  const { authenticatorId } = await cdp.send("WebAuthn.addVirtualAuthenticator", { options: AUTHENTICATOR })
  await cdp.send("WebAuthn.addCredential", { authenticatorId, credential })
  return authenticatorId
}

/**
 * Passkeys in Debian's Chromium with a virtual authenticator (Chrome DevTools Protocol), against
 * the built-in sign-in page and its self-served script, stored by @auth/drizzle-adapter in
 * PostgreSQL. The site is browsed as http://localhost (a secure context), so the RP id is localhost.
 */
describe("passkeys in a real browser (virtual authenticator, Drizzle on PostgreSQL)", () => {
  let browser: Browser
  /** The app whose page has no autofill (so buttons are what sign in), and one with autofill on. */
  let running: RunningApp
  let autofill: RunningApp
  let pool: pg.Pool
  let base: string
  let t: TestContext
  /** The passkey the first test registers (private key included), for the tests after it. */
  let passkey: Credential & { email: string }

  beforeAll(async () => {
    const url = await (await sharedPostgres()).createDatabase("passkey_browser")
    await createDrizzleSchema(url)
    pool = newPool(url)
    ;[browser, running, autofill] = await Promise.all([
      launchChromium(),
      startApp(PasskeyAppModule.with(drizzleAdapter(pool), "jwt", false)),
      startApp(PasskeyAppModule.with(drizzleAdapter(pool), "jwt", true)),
    ])
    base = running.url.replace("127.0.0.1", "localhost")
  })
  afterAll(async () => {
    await browser?.close()
    await running?.app.close()
    await autofill?.app.close()
    await pool?.end()
    await stopBackendServers()
  })
  afterEach(async () => {
    expect(t.external).toEqual([])
    expect(t.problems.filter((text) => /Content Security Policy/i.test(text))).toEqual([])
    await t.context.close()
  })

  async function openSignIn(page: Page): Promise<void> {
    await page.goto(`${base}/auth/signin?callbackUrl=${encodeURIComponent(`${base}/profile`)}`)
    expect(await page.title()).toBe("Sign In")
  }

  async function expectProfile(page: Page, email: string, site = base): Promise<void> {
    await page.waitForURL(`${site}/profile`)
    expect(JSON.parse((await page.textContent("body"))!)).toMatchObject({ user: { email } })
  }

  async function authenticatorRow(email: string) {
    const { rows } = await pool.query(
      `SELECT a.* FROM "authenticator" a JOIN "user" u ON u.id = a."userId" WHERE u.email = $1`,
      [email],
    )
    return rows
  }

  it("registers a passkey for a new user, signs out, signs in with it and reaches the guarded page", async () => {
    t = await newTestContext(browser)
    const { page } = t
    const { cdp, authenticatorId } = await virtualAuthenticator(page)
    const email = "ada@example.com"

    await openSignIn(page)
    await saveScreenshot(page, SUITE, "1-signin")
    await page.getByLabel("Email").fill(email)
    await page.getByRole("button", { name: "Create a passkey" }).click()
    await expectProfile(page, email)

    const { credentials } = await cdp.send("WebAuthn.getCredentials", { authenticatorId })
    expect(credentials).toHaveLength(1)
    expect(credentials[0]).toMatchObject({ isResidentCredential: true, rpId: "localhost" })
    let [row] = await authenticatorRow(email)
    expect(row.credentialID).toBe(Buffer.from(credentials[0]!.credentialId, "base64").toString("base64"))
    expect(row).toMatchObject({ providerAccountId: row.credentialID, transports: "internal", counter: credentials[0]!.signCount })

    // Sign out with the built-in page, then back in with the passkey alone (no email typed).
    await page.goto(`${base}/auth/signout`)
    await page.getByRole("button", { name: "Sign out" }).click()
    await page.waitForURL((url) => url.pathname !== "/auth/signout")
    expect((await page.request.get(`${base}/profile`)).status()).toBe(401)
    await openSignIn(page)
    await page.getByRole("button", { name: "Sign in with Passkey" }).click()
    await expectProfile(page, email)

    const after = (await cdp.send("WebAuthn.getCredentials", { authenticatorId })).credentials[0]!
    passkey = { ...after, email }
    expect(after.signCount).toBeGreaterThan(credentials[0]!.signCount)
    ;[row] = await authenticatorRow(email)
    expect(row.counter).toBe(after.signCount)
  })

  it("refuses a second browser whose authenticator lacks the passkey, with a message and no session", async () => {
    t = await newTestContext(browser)
    const { page } = t
    await virtualAuthenticator(page)
    await openSignIn(page)
    // Naming the user makes the options list their passkey, which this authenticator does not have.
    await page.getByLabel("Email").fill(passkey.email)
    await page.getByRole("button", { name: "Sign in with Passkey" }).click()
    await expect.poll(() => page.getByRole("alert").textContent()).toContain("cancelled or failed")
    expect(new URL(page.url()).pathname).toBe("/auth/signin")
    expect(await (await page.request.get(`${base}/auth/session`)).json()).toBeNull()
    expect((await page.request.get(`${base}/profile`)).status()).toBe(401)
    await saveScreenshot(page, SUITE, "2-refused")
  })

  it("signs in through the browser's autofill (conditional UI) as soon as the page loads", async () => {
    t = await newTestContext(browser)
    const { page } = t
    const cdp = await page.context().newCDPSession(page)
    await cdp.send("WebAuthn.enable")
    const { credentialId, isResidentCredential, privateKey, signCount, rpId, userHandle } = passkey
    const id = await plugIn(cdp, { credentialId, isResidentCredential, privateKey, signCount, rpId, userHandle })
    // The same database behind a second app whose page asks for autofill; RP id localhost for both.
    const site = autofill.url.replace("127.0.0.1", "localhost")
    // Nothing is clicked: the page's conditional request is answered by the authenticator, often
    // before the page has even finished loading (so its title is not awaited here).
    await page.goto(`${site}/auth/signin?callbackUrl=${encodeURIComponent(`${site}/profile`)}`)
    await expectProfile(page, passkey.email, site)
    const { credentials } = await cdp.send("WebAuthn.getCredentials", { authenticatorId: id })
    expect((await authenticatorRow(passkey.email))[0].counter).toBe(credentials[0]!.signCount)
  })
})

/**
 * docs/signin-passkey.png, the README's picture of the sign-in page offering passkeys. Written only
 * by `DOCS_SCREENSHOTS=1` (the docs:screenshots run); otherwise the test checks it is left alone.
 */
describe("screenshots for the README (passkeys)", () => {
  it("docs/signin-passkey.png", async () => {
    const browser = await launchChromium()
    const running = await startApp(PasskeyAppModule.with(MemoryAdapter()))
    try {
      const t = await newTestContext(browser, { colorScheme: "light", viewport: { width: 640, height: 560 } })
      await t.page.goto(`${running.url.replace("127.0.0.1", "localhost")}/auth/signin`)
      expect(await t.page.title()).toBe("Sign In")
      await t.page.getByRole("button", { name: "Create a passkey" }).waitFor()
      const target = join(DOCS_DIR, "signin-passkey.png")
      const before = existsSync(target) ? statSync(target).mtimeMs : undefined
      const shot = await saveScreenshot(t.page, "docs", "signin-passkey")
      if (process.env.DOCS_SCREENSHOTS === "1") copyFileSync(shot, target)
      else expect(existsSync(target) ? statSync(target).mtimeMs : undefined).toBe(before)
      expect(t.external).toEqual([])
    } finally {
      await browser.close()
      await running.app.close()
    }
  })
})
