// Auth.js's own Resend provider (@auth/core/providers/resend) signs in through our engine
// unchanged: passed un-called (key from AUTH_RESEND_KEY) and called with options. It calls the
// global fetch, so the test routes https://api.resend.com to a stand-in on 127.0.0.1.
import AuthjsResend from "@auth/core/providers/resend"
import { Module, type DynamicModule } from "@nestjs/common"
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest"
import { MemoryAdapter } from "../../../lib/adapters/memory-adapter.js"
import { AuthModule } from "../../../lib/nest/auth.module.js"
import { startApiStandIn, type ApiAnswer, type ApiStandIn } from "../../utils/api-stand-in.js"
import { CookieJar } from "../../utils/cookie-jar.js"
import { idpRouter } from "../../utils/oidc/index.js"
import { startApp, type RunningApp } from "../../utils/nest-app.js"
import { nestAuthConfig } from "../../utils/nest-auth-config.js"

const SESSION = "authjs.session-token"
const RESEND = "https://api.resend.com"

class AuthjsResendApp {}
Module({})(AuthjsResendApp)

describe("Auth.js's Resend provider object, unchanged", () => {
  const errors: Error[] = []
  let next: ApiAnswer | undefined
  let standIn: ApiStandIn
  let running: RunningApp
  let base: string

  beforeAll(async () => {
    standIn = await startApiStandIn({ [`POST ${RESEND}/emails`]: () => next ?? { json: { id: "49a3999c" } } })
    const router = idpRouter({ [RESEND]: standIn.origin })
    const realFetch = globalThis.fetch
    vi.stubGlobal("fetch", (input: string | URL | Request, init?: RequestInit) =>
      String(input).startsWith(`${RESEND}/`) ? router.fetch(String(input), init ?? {}) : realFetch(input, init),
    )
    vi.stubEnv("AUTH_RESEND_KEY", "re_from_env")
    const module: DynamicModule = {
      module: AuthjsResendApp,
      imports: [
        AuthModule.forRoot(
          nestAuthConfig({
            adapter: MemoryAdapter(),
            session: { strategy: "jwt" },
            providers: [AuthjsResend, AuthjsResend({ id: "resend-acme", apiKey: "re_option", from: "Acme <a@acme.test>" })],
            logger: { error: (error) => void errors.push(error) },
          }),
        ),
      ],
    }
    running = await startApp(module)
    base = `${running.url}/auth`
  })
  afterAll(async () => {
    await running?.app.close()
    await standIn?.stop()
    vi.unstubAllGlobals()
    vi.unstubAllEnvs()
  })
  beforeEach(() => {
    next = undefined
    errors.length = 0
    standIn.requests.length = 0
  })

  async function askForLink(id: string, email: string) {
    const jar = new CookieJar()
    const { csrfToken } = await (await jar.fetch(`${base}/csrf`)).json()
    const response = await jar.fetch(`${base}/signin/${id}`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ csrfToken, email, callbackUrl: "/after" }).toString(),
    })
    return { jar, response }
  }

  it.each([
    ["resend", "re_from_env", "Auth.js <no-reply@authjs.dev>"],
    ["resend-acme", "re_option", "Acme <a@acme.test>"],
  ])("%s: sends through Resend's API, and the link signs in once", async (id, key, from) => {
    const { jar, response } = await askForLink(id, "ana@example.com")
    expect(response.headers.get("location")).toBe(`${base}/verify-request?provider=${id}&type=email`)
    expect(standIn.calls()).toEqual([`POST ${RESEND}/emails`])
    const request = standIn.requests[0]!
    expect(request.headers.authorization).toBe(`Bearer ${key}`)
    const body = JSON.parse(request.body)
    expect(body).toMatchObject({ from, to: "ana@example.com", subject: `Sign in to ${new URL(running.url).host}` })
    const link = /https?:\/\/\S+/.exec(body.text)![0]
    expect(body.html).toContain(`href="${link}"`) // Auth.js's own template, unescaped
    expect(new URL(link).pathname).toBe(`/auth/callback/${id}`)

    const callback = await jar.fetch(link)
    expect(callback.headers.get("location")).toBe(`${running.url}/after`)
    expect((await (await jar.fetch(`${base}/session`)).json()).user).toMatchObject({ email: "ana@example.com" })
    const again = new CookieJar()
    expect((await again.fetch(link)).headers.get("location")).toBe(`${base}/error?error=Verification`)
    expect(again.get(SESSION)).toBeUndefined()
  })

  it("answers an API error with EmailSignin, logs Resend's reason and starts no session", async () => {
    next = { status: 422, json: { statusCode: 422, name: "validation_error", message: "from is not verified" } }
    const { jar, response } = await askForLink("resend", "ana@example.com")
    expect(response.status).toBe(302)
    expect(response.headers.get("location")).toBe(`${base}/signin?error=EmailSignin`)
    expect(jar.get(SESSION)).toBeUndefined()
    expect(errors.map((error) => (error.cause as Error).message)).toEqual([expect.stringContaining("from is not verified")])
  })
})
