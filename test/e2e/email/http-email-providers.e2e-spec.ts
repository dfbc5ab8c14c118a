// Email sign-in through the six HTTP mail APIs, each played by a stand-in on 127.0.0.1 that the
// providers reach at their real production URLs through `[customFetch]` (test/utils/oidc/router.ts).
import { Module, type DynamicModule } from "@nestjs/common"
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest"
import { MemoryAdapter } from "../../../lib/adapters/memory-adapter.js"
import { AuthModule } from "../../../lib/nest/auth.module.js"
import { startApiStandIn, type ApiAnswer, type ApiStandIn } from "../../utils/api-stand-in.js"
import { CookieJar } from "../../utils/cookie-jar.js"
import { idpRouter } from "../../utils/oidc/index.js"
import { startApp, type RunningApp } from "../../utils/nest-app.js"
import { nestAuthConfig } from "../../utils/nest-auth-config.js"
import { mailApis } from "./http-email-apis.js"

const SESSION = "authjs.session-token"
const THEME = { brandColor: "#0a7d3c", buttonText: "#fafafa" }
/** The config-wide `httpOptions.timeout`: the email providers must honour it too. */
const TIMEOUT_MS = 400

class HttpEmailApp {}
Module({})(HttpEmailApp)

const form = (fields: Record<string, string>): RequestInit => ({
  method: "POST",
  headers: { "content-type": "application/x-www-form-urlencoded" },
  body: new URLSearchParams(fields).toString(),
})

describe("email sign-in through HTTP mail APIs (stand-ins on 127.0.0.1)", () => {
  const errors: Error[] = []
  /** What every API answers next; `undefined` answers its documented success. */
  let next: ApiAnswer | undefined
  let standIn: ApiStandIn
  let running: RunningApp
  let base: string

  beforeAll(async () => {
    standIn = await startApiStandIn(
      Object.fromEntries(mailApis.map((api) => [api.route, () => next ?? api.accepted])),
    )
    const router = idpRouter(Object.fromEntries(mailApis.map((api) => [new URL(api.route.split(" ")[1]!).origin, standIn.origin])))
    const module: DynamicModule = {
      module: HttpEmailApp,
      imports: [
        AuthModule.forRoot(
          nestAuthConfig({
            adapter: MemoryAdapter(),
            session: { strategy: "jwt" },
            providers: mailApis.map((api) => api.provider(router.fetch)),
            theme: THEME,
            httpOptions: { timeout: TIMEOUT_MS },
            // Dozens of mails from one client to one address here; e2e/sign-in-limits proves the limits.
            limits: { email: false },
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
  })
  beforeEach(() => {
    next = undefined
    errors.length = 0
    standIn.requests.length = 0
  })

  async function askForLink(id: string, email: string) {
    const jar = new CookieJar()
    const { csrfToken } = await (await jar.fetch(`${base}/csrf`)).json()
    const response = await jar.fetch(`${base}/signin/${id}`, form({ csrfToken, email, callbackUrl: "/after" }))
    return { jar, response }
  }

  const session = async (jar: CookieJar) => (await jar.fetch(`${base}/session`)).json()

  describe.each(mailApis)("$name ($id)", (api) => {
    it("posts the documented request, and its link signs the user in once", async () => {
      const email = `reader.${api.id}@example.com`
      const { jar, response } = await askForLink(api.id, `Reader.${api.id}@Example.com`)
      expect(response.status).toBe(302)
      expect(response.headers.get("location")).toBe(`${base}/verify-request?provider=${api.id}&type=email`)

      expect(standIn.calls()).toEqual([api.route])
      const link = await api.read(standIn.requests[0]!, email, THEME)
      expect(new URL(link).pathname).toBe(`/auth/callback/${api.id}`)
      expect(errors).toEqual([])

      const callback = await jar.fetch(link)
      expect(callback.status).toBe(302)
      expect(callback.headers.get("location")).toBe(`${running.url}/after`)
      expect(jar.get(SESSION)).toBeDefined()
      expect((await session(jar)).user).toMatchObject({ email })

      const again = new CookieJar()
      const reuse = await again.fetch(link)
      expect(reuse.headers.get("location")).toBe(`${base}/error?error=Verification`)
      expect(again.get(SESSION)).toBeUndefined()
    })

    it.each([
      ["a 4xx", () => api.rejected, `${api.name} answered ${api.rejected.status}`],
      ["a 5xx", () => ({ status: 503, json: { message: "upstream unavailable" } }), `${api.name} answered 503`],
      ["no answer (timeout)", () => ({ hang: true }), `${api.name} did not answer within ${TIMEOUT_MS} ms`],
    ])("answers %s with the EmailSignin error, the reason logged, no session and no 5xx", async (_, answer, reason) => {
      next = answer()
      const started = Date.now()
      const { jar, response } = await askForLink(api.id, "victim@example.com")
      expect(Date.now() - started).toBeLessThan(TIMEOUT_MS + 2_000)
      expect(response.status).toBe(302)
      expect(response.headers.get("location")).toBe(`${base}/signin?error=EmailSignin`)
      const page = await jar.fetch(response.headers.get("location")!)
      expect(page.status).toBe(200)
      expect(await page.text()).toContain("The sign-in email could not be sent")
      expect(jar.get(SESSION)).toBeUndefined()
      expect(await session(jar)).toBeNull()
      expect(standIn.calls()).toEqual([api.route])

      expect(errors).toHaveLength(1)
      const [error] = errors as [Error & { type?: string }]
      expect(error.type).toBe("EmailSignInError")
      expect((error.cause as Error).message).toContain(reason)
      const logged = [error.message, (error.cause as Error).message, (error.cause as Error).stack].join("\n")
      expect(logged).not.toContain(api.key)
    })
  })
})
