import type { Browser, Page } from "playwright-core"
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest"
import { AppModule } from "../../../sample/app.module.js"
import { launchChromium, newTestContext, saveScreenshot, type TestContext } from "../../utils/browser.js"
import { startApp, type RunningApp } from "../../utils/nest-app.js"

const SUITE = "sessions-page"

/** Whether the page's browser is signed in: the guarded page answers, or refuses (401 or a sign-in redirect). */
async function signedIn(page: Page, url: string): Promise<boolean> {
  const response = await page.goto(`${url}/profile`)
  return response?.status() === 200 && page.url() === `${url}/profile`
}

async function signUp(page: Page, url: string, email: string, password: string): Promise<void> {
  await page.goto(`${url}/`)
  await page.getByRole("link", { name: "Sign up" }).click()
  await page.getByLabel("Name").fill("Carol Signup")
  await page.getByLabel("Email").fill(email)
  await page.getByLabel("Password").fill(password)
  await page.getByRole("button", { name: "Sign up" }).click()
  await page.waitForURL(`${url}/`)
  await expect.poll(() => page.textContent("body")).toContain("Signed in as Carol Signup")
}

for (const strategy of ["database", "jwt"] as const) {
  describe(`the sample's sign-up form and "Your sessions" page in Chromium (${strategy} sessions)`, () => {
    let browser: Browser
    let running: RunningApp
    const contexts: TestContext[] = []

    beforeAll(async () => {
      vi.stubEnv("AUTH_SESSION_STRATEGY", strategy === "database" ? "database" : "")
      ;[browser, running] = await Promise.all([launchChromium(), startApp(AppModule)])
    })
    afterAll(async () => {
      vi.unstubAllEnvs()
      await browser?.close()
      await running?.app.close()
    })
    afterEach(async () => {
      for (const t of contexts.splice(0)) {
        // Nothing any page asked for left this machine, the Dev IdP's pages included.
        expect(t.external).toEqual([])
        await t.context.close()
      }
    })

    async function secondBrowser(email: string, password: string): Promise<Page> {
      const t = await newTestContext(browser)
      contexts.push(t)
      const { page } = t
      if (strategy === "database") {
        // Credentials are JWT-only: the dev IdP links by email to the signed-up user.
        await page.goto(`${running.url}/auth/signin?callbackUrl=%2Fprofile`)
        await page.getByRole("button", { name: "Sign in with Dev IdP" }).click()
        await page.locator('input[name="login"]').fill(email.split("@")[0]!)
        await page.locator('input[name="password"]').fill("any password")
        await page.getByRole("button", { name: "Sign in", exact: true }).click()
        await page.getByRole("button", { name: "Continue" }).click()
      } else {
        await page.goto(`${running.url}/auth/signin?callbackUrl=%2Fprofile`)
        const form = page.locator("form", { has: page.getByRole("button", { name: "Sign in with Credentials" }) })
        await form.getByLabel("Email").fill(email)
        await form.getByLabel("Password").fill(password)
        await form.getByRole("button", { name: "Sign in with Credentials" }).click()
      }
      await page.waitForURL(`${running.url}/profile`)
      return page
    }

    it("signs up (signed in from server code), then ends the other browser's session from the sessions page", async () => {
      const first = await newTestContext(browser)
      contexts.push(first)
      const email = `carol-${strategy}@example.com`
      const password = "a long password"
      await signUp(first.page, running.url, email, password)
      const second = await secondBrowser(email, password)
      expect(await signedIn(second, running.url)).toBe(true)

      const page = first.page
      await page.goto(`${running.url}/`)
      await page.getByRole("link", { name: "Your sessions" }).click()
      await page.waitForURL(`${running.url}/sessions`)
      await saveScreenshot(page, SUITE, `${strategy}-1-sessions`)
      if (strategy === "database") {
        await expect.poll(() => page.locator("li").count()).toBe(2)
        expect(await page.textContent("body")).toContain("(this browser)")
        // Each session's times read as dates, with the ISO value kept in the markup.
        const times = await page.locator("li time").evaluateAll((tags) => tags.map((tag) => [tag.getAttribute("datetime"), tag.textContent]))
        expect(times).toHaveLength(4)
        for (const [iso, text] of times) expect(text).toBe(new Date(iso!).toUTCString())
        // Revoke the row that is not this browser's.
        await page.locator("li", { hasNotText: "(this browser)" }).getByRole("button", { name: /Revoke/ }).click()
        await page.waitForURL(`${running.url}/sessions`)
        await expect.poll(() => page.locator("li").count()).toBe(1)
        expect(await signedIn(second, running.url)).toBe(false)
        expect(await signedIn(page, running.url)).toBe(true)
      } else {
        await page.getByRole("button", { name: "Sign out everywhere" }).click()
        await page.waitForURL(`${running.url}/`)
        await expect.poll(() => page.textContent("body")).toContain("You are not signed in")
        expect(await signedIn(second, running.url)).toBe(false)
      }
      await saveScreenshot(page, SUITE, `${strategy}-2-after`)
    })
  })
}
