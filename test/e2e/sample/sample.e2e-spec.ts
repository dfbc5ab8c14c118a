import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { AppModule } from "../../../sample/app.module.js"
import { demoLogin } from "../../../sample/auth.config.js"
import { CookieJar } from "../../utils/cookie-jar.js"
import { startApp, type RunningApp } from "../../utils/nest-app.js"

/** The `action` of the first form in an HTML page, resolved against the page URL. */
function formAction(html: string, pageUrl: string): string {
  const match = /<form[^>]*action="([^"]+)"/.exec(html)
  if (!match) throw new Error(`no form on ${pageUrl}: ${html.slice(0, 200)}`)
  return new URL(match[1]!.replace(/&amp;/g, "&"), pageUrl).href
}

/** Follows redirects like a browser (one jar for every host), up to a limit. */
async function follow(jar: CookieJar, response: Response, url: string): Promise<{ response: Response; url: string }> {
  for (let hops = 0; hops < 10 && response.status >= 300 && response.status < 400; hops++) {
    url = new URL(response.headers.get("location")!, url).href
    response = await jar.fetch(url)
  }
  return { response, url }
}

const form = (fields: Record<string, string>): RequestInit => ({
  method: "POST",
  headers: { "content-type": "application/x-www-form-urlencoded" },
  body: new URLSearchParams(fields).toString(),
})

describe("the sample app", () => {
  let running: RunningApp

  beforeAll(async () => {
    running = await startApp(AppModule)
  })
  afterAll(async () => {
    await running?.app.close()
  })

  it("shows a public home page and guards /profile", async () => {
    const home = await fetch(`${running.url}/`)
    expect(home.status).toBe(200)
    expect(home.headers.get("content-type")).toMatch(/^text\/html/)
    const html = await home.text()
    expect(html).toContain("You are not signed in")
    // Rendered from views/home.ejs: the sample's stylesheet with its dark scheme, and the icon.
    expect(html).toContain("@media (prefers-color-scheme: dark)")
    expect(html).toContain('href="/favicon.svg"')
    expect((await fetch(`${running.url}/profile`)).status).toBe(401)
    expect((await fetch(`${running.url}/api/session`)).status).toBe(401)
  })

  it("serves its icon at /favicon.ico and /favicon.svg, and links it from its pages", async () => {
    for (const path of ["/favicon.ico", "/favicon.svg"]) {
      const icon = await fetch(`${running.url}${path}`)
      expect(icon.status).toBe(200)
      expect(icon.headers.get("content-type")).toMatch(/^image\/svg\+xml/)
      expect(await icon.text()).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/)
    }
    expect(await (await fetch(`${running.url}/signup`)).text()).toContain('<link rel="icon" type="image/svg+xml" href="/favicon.svg">')
  })

  it("signs in through the embedded OpenID Provider's login and consent pages", async () => {
    const jar = new CookieJar()
    const { csrfToken } = await (await jar.fetch(`${running.url}/auth/csrf`)).json()

    // The sign-in button: POST to the provider, which redirects to the IdP and its login page.
    const start = await jar.fetch(`${running.url}/auth/signin/dev-idp`, form({ csrfToken, callbackUrl: "/profile" }))
    expect(start.status).toBe(302)
    let page = await follow(jar, start, `${running.url}/auth/signin/dev-idp`)
    expect(page.response.status).toBe(200)
    const loginPage = await page.response.text()
    expect(loginPage).toContain('name="login"')
    // Our own page: says which password works, and loads nothing from anywhere but its own origin.
    expect(loginPage).toContain("accepts any password")
    expect(page.response.headers.get("content-security-policy")).toContain("default-src 'none'")
    const idpOrigin = new URL(page.url).origin
    const urls = [...loginPage.matchAll(/https?:\/\/[^\s"'<>)]+/g)].map((m) => m[0])
    expect(urls.filter((url) => !url.startsWith(`${idpOrigin}/`))).toEqual([])
    expect((await jar.fetch(`${idpOrigin}/favicon.ico`)).status).toBe(200)

    // The Dev IdP's login page: any login and password, then its consent page.
    const login = await jar.fetch(formAction(loginPage, page.url), form({ prompt: "login", login: "alice", password: "x" }))
    page = await follow(jar, login, page.url)
    const consentPage = await page.response.text()
    expect(consentPage).toContain('value="consent"')

    // Consent sends the browser back to the app's callback, which signs in and lands on /profile.
    const consent = await jar.fetch(formAction(consentPage, page.url), form({ prompt: "consent" }))
    page = await follow(jar, consent, page.url)
    expect(page.url).toBe(`${running.url}/profile`)
    expect(page.response.status).toBe(200)
    // The profile card, not JSON; the JSON lives at /api/session.
    const profile = await page.response.text()
    expect(profile).toContain('<dd id="name">alice</dd>')
    expect(profile).toContain('<dd id="email">alice@example.com</dd>')
    const session = await (await jar.fetch(`${running.url}/api/session`)).json()
    expect(session.user).toEqual({ id: expect.any(String), name: "alice", email: "alice@example.com" })
    expect(Date.parse(session.expires)).toBeGreaterThan(Date.now())
    expect(profile).toContain(`<time datetime="${session.expires}">`)

    const home = await (await jar.fetch(`${running.url}/`)).text()
    expect(home).toContain("Signed in as <strong>alice</strong>")
    expect(home.split("alice@example.com").length - 1).toBe(1)
  })

  it("signs in the demo user with the Credentials provider", async () => {
    const jar = new CookieJar()
    const { csrfToken } = await (await jar.fetch(`${running.url}/auth/csrf`)).json()
    const signIn = await jar.fetch(
      `${running.url}/auth/callback/credentials`,
      form({ csrfToken, ...demoLogin, callbackUrl: "/profile" }),
    )
    const { response, url } = await follow(jar, signIn, `${running.url}/auth/callback/credentials`)
    expect(url).toBe(`${running.url}/profile`)
    expect(await response.text()).toContain('<dd id="role">admin</dd>')
    const session = await (await jar.fetch(`${running.url}/api/session`)).json()
    expect(session).toMatchObject({ user: { id: "demo", name: "Demo User", email: demoLogin.email } })
  })

  it("signs in with an email link read from the dev mailbox page", async () => {
    const jar = new CookieJar()
    const { csrfToken } = await (await jar.fetch(`${running.url}/auth/csrf`)).json()
    const request = await jar.fetch(
      `${running.url}/auth/signin/nodemailer`,
      form({ csrfToken, email: "Reader@Example.com", callbackUrl: "/profile" }),
    )
    expect(request.headers.get("location")).toBe(`${running.url}/auth/verify-request?provider=nodemailer&type=email`)

    const mailbox = await (await fetch(`${running.url}/dev/mail`)).text()
    expect(mailbox).toContain("to reader@example.com")
    const link = /class="sign-in-link" href="([^"]+)"/.exec(mailbox)![1]!.replace(/&amp;/g, "&")
    expect(new URL(link).pathname).toBe("/auth/callback/nodemailer")
    const { response, url } = await follow(jar, await jar.fetch(link), link)
    expect(url).toBe(`${running.url}/profile`)
    expect(await response.text()).toContain('<dd id="email">reader@example.com</dd>')
    const session = await (await jar.fetch(`${running.url}/api/session`)).json()
    expect(session.user).toMatchObject({ id: expect.any(String), email: "reader@example.com" })
    // No name from an email sign-in: the home page names the user by address, once.
    const home = await (await jar.fetch(`${running.url}/`)).text()
    expect(home).toContain("Signed in as <strong>reader@example.com</strong>")
    expect(home.split("reader@example.com").length - 1).toBe(1)
  })

  it("escapes what users typed into the IdP on the home page", async () => {
    const jar = new CookieJar()
    const { csrfToken } = await (await jar.fetch(`${running.url}/auth/csrf`)).json()
    let page = await follow(
      jar,
      await jar.fetch(`${running.url}/auth/signin/dev-idp`, form({ csrfToken, callbackUrl: "/" })),
      `${running.url}/auth/signin/dev-idp`,
    )
    const login = await jar.fetch(
      formAction(await page.response.text(), page.url),
      form({ prompt: "login", login: "<script>alert(1)</script>", password: "x" }),
    )
    page = await follow(jar, login, page.url)
    const consent = await jar.fetch(formAction(await page.response.text(), page.url), form({ prompt: "consent" }))
    page = await follow(jar, consent, page.url)
    const home = await page.response.text()
    expect(home).toContain("&lt;script&gt;alert(1)&lt;/script&gt;")
    expect(home).not.toContain("<script>")
  })
})
