import type { Server } from "node:http"
import { Controller, Get, Module, UseGuards } from "@nestjs/common"
import { ExpressAuth, getSession as authjsGetSession } from "@auth/express"
import AuthjsCredentials from "@auth/express/providers/credentials"
import express from "express"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { AuthGuard, AuthModule, Session } from "../../../lib/index.js"
import Credentials from "../../../lib/providers/credentials.js"
import { CookieJar } from "../../utils/cookie-jar.js"
import { startApp, type RunningApp } from "../../utils/nest-app.js"

const SECRET = "interop-secret-shared-by-both-apps-0123456789"
const SESSION = "authjs.session-token"
const alice = { id: "alice-1", name: "Alice", email: "alice@example.com", image: "https://example.com/a.png" }
const authorize = async (c: Partial<Record<string, unknown>>) => (c.password === "wonderland" ? { ...alice } : null)
const credentials = { email: { label: "Email" }, password: { label: "Password", type: "password" } }

@Controller("api")
@UseGuards(AuthGuard)
class ApiController {
  @Get("me")
  me(@Session() session: Session) {
    return session
  }
}

@Module({
  imports: [AuthModule.forRoot({ secret: SECRET, trustHost: true, providers: [Credentials({ credentials, authorize })] })],
  controllers: [ApiController],
})
class NestSide {}

const authjsConfig = { secret: SECRET, trustHost: true, basePath: "/auth", providers: [AuthjsCredentials({ credentials, authorize })] }

/** The official Express integration on the same secret: the other half of the wire-compatibility claim. */
async function startAuthjsApp(): Promise<{ url: string; server: Server }> {
  const app = express()
  // Mounted at /auth: with Express 5 the mount path is the basePath @auth/express derives.
  app.use("/auth", ExpressAuth(authjsConfig))
  app.get("/whoami", async (req, res) => {
    res.json(await authjsGetSession(req, authjsConfig))
  })
  return new Promise((resolve) => {
    const server = app.listen(0, "127.0.0.1", () => {
      resolve({ url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, server })
    })
  })
}

async function signIn(jar: CookieJar, base: string) {
  const { csrfToken } = await (await jar.fetch(`${base}/auth/csrf`)).json()
  const res = await jar.fetch(`${base}/auth/callback/credentials`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ csrfToken, email: alice.email, password: "wonderland" }).toString(),
  })
  expect(res.status).toBe(302)
  expect(jar.get(SESSION)).toMatch(/^eyJ/)
  return csrfToken as string
}

describe("wire compatibility with @auth/express (same secret, two servers)", () => {
  let nest: RunningApp
  let authjs: { url: string; server: Server }

  beforeAll(async () => {
    nest = await startApp(NestSide)
    authjs = await startAuthjsApp()
  })
  afterAll(async () => {
    await nest?.app.close()
    await new Promise((resolve) => authjs?.server.close(resolve))
  })

  it("accepts a session cookie minted by Auth.js on a guarded Nest route", async () => {
    const jar = new CookieJar() // host-only cookies: both servers are 127.0.0.1, as on one site
    await signIn(jar, authjs.url)
    const res = await jar.fetch(`${nest.url}/api/me`)
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ user: { name: alice.name, email: alice.email, image: alice.image } })
  })

  it("hands Auth.js a session cookie it accepts (its /session and its getSession)", async () => {
    const jar = new CookieJar()
    await signIn(jar, nest.url)
    const session = await (await jar.fetch(`${authjs.url}/auth/session`)).json()
    expect(session).toMatchObject({ user: { name: alice.name, email: alice.email, image: alice.image } })
    expect(await (await jar.fetch(`${authjs.url}/whoami`)).json()).toMatchObject({ user: { email: alice.email } })
  })

  it("accepts Auth.js's CSRF cookie and token, and Auth.js accepts ours", async () => {
    const jar = new CookieJar()
    await signIn(jar, authjs.url)
    const { csrfToken } = await (await jar.fetch(`${authjs.url}/auth/csrf`)).json()
    const out = await jar.fetch(`${nest.url}/auth/signout`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ csrfToken }).toString(),
    })
    expect(out.headers.get("location")).not.toContain("MissingCSRF")
    expect(jar.get(SESSION)).toBeUndefined()

    const other = new CookieJar()
    const ourToken = await signIn(other, nest.url)
    const theirs = await other.fetch(`${authjs.url}/auth/signout`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ csrfToken: ourToken }).toString(),
    })
    expect(theirs.headers.get("location")).not.toContain("MissingCSRF")
    expect(other.get(SESSION)).toBeUndefined()
  })

  it("serves the same /providers and /csrf shapes as Auth.js", async () => {
    const ours = await (await fetch(`${nest.url}/auth/providers`)).json()
    const theirs = await (await fetch(`${authjs.url}/auth/providers`)).json()
    const strip = (p: any) => ({ ...p.credentials, signinUrl: undefined, callbackUrl: undefined })
    expect(strip(ours)).toEqual(strip(theirs))
    expect(Object.keys(await (await fetch(`${nest.url}/auth/csrf`)).json())).toEqual(["csrfToken"])
  })
})
