import { encode as authjsEncode } from "@auth/core/jwt"
import { Controller, Get, Inject, Module, Req, UseGuards } from "@nestjs/common"
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest"
import type { JWTDecodeParams } from "../../lib/core/config/session-options.js"
import { decode } from "../../lib/jwt.js"
import { AuthGuard } from "../../lib/nest/auth.guard.js"
import { AuthModule } from "../../lib/nest/auth.module.js"
import { AuthService } from "../../lib/nest/auth.service.js"
import { settledSessionState } from "../../lib/nest/session.reader.js"
import type { HttpRequest } from "../../lib/nest/express-bridge.js"
import { Public } from "../../lib/nest/access.decorators.js"
import { Session } from "../../lib/nest/session.decorator.js"
import { TEST_SECRET, demoUser, nestAuthConfig } from "../utils/nest-auth-config.js"
import { startApp, type RunningApp } from "../utils/nest-app.js"

let decodes = 0
const countingDecode = async (params: JWTDecodeParams) => {
  decodes++
  return decode(params)
}

@UseGuards(AuthGuard)
@Controller("guarded")
class GuardedController {
  constructor(@Inject(AuthService) private readonly auth: AuthService) {}

  @Get()
  async me(@Session() session: Session, @Req() req: HttpRequest) {
    const again = await this.auth.getSession(req)
    return {
      session,
      sameAsService: again === session,
      attached: settledSessionState(req)?.session === session,
    }
  }

  @Public()
  @Get("open")
  open(@Session() session: Session | null) {
    return { session }
  }
}

@Public()
@UseGuards(AuthGuard)
@Controller("public-class")
class PublicController {
  @Get()
  open() {
    return { open: true }
  }

  @Public(false)
  @Get("locked")
  locked(@Session() session: Session) {
    return { email: session.user?.email }
  }
}

@Controller("unguarded")
class UnguardedController {
  @Get()
  who(@Session() session: Session | null) {
    return { session }
  }
}

function appModule(updateAge?: number) {
  @Module({
    imports: [
      AuthModule.forRoot(
        nestAuthConfig({ jwt: { decode: countingDecode }, ...(updateAge === undefined ? {} : { session: { updateAge } }) }),
      ),
    ],
    controllers: [GuardedController, PublicController, UnguardedController],
  })
  class GuardTestModule {}
  return GuardTestModule
}

/** A session cookie minted by Auth.js itself. */
async function sessionCookie(): Promise<string> {
  const token = await authjsEncode({
    token: { sub: demoUser.id, name: demoUser.name, email: demoUser.email },
    secret: TEST_SECRET,
    salt: "authjs.session-token",
  })
  return `authjs.session-token=${token}`
}

describe("AuthGuard", () => {
  let running: RunningApp
  let cookie: string
  beforeAll(async () => {
    running = await startApp(appModule())
    cookie = await sessionCookie()
  })
  afterAll(async () => {
    await running?.app.close()
  })
  beforeEach(() => {
    decodes = 0
  })

  const get = (path: string, withCookie: boolean | string = true) =>
    fetch(`${running.url}${path}`, {
      headers: withCookie ? { cookie: typeof withCookie === "string" ? withCookie : cookie } : {},
    })

  it("answers 401 without a session", async () => {
    const response = await get("/guarded", false)
    expect(response.status).toBe(401)
    expect(await response.json()).toMatchObject({ statusCode: 401, message: "Unauthorized" })
    expect(decodes).toBe(0)
  })

  it("answers 401 for an unreadable cookie and clears it", async () => {
    const response = await get("/guarded", "authjs.session-token=garbage")
    expect(response.status).toBe(401)
    expect(response.headers.getSetCookie()).toEqual([expect.stringMatching(/^authjs\.session-token=; Max-Age=0; Path=\//)])
  })

  it("lets a session through, attaches it, and gives it to @Session()", async () => {
    const response = await get("/guarded")
    expect(response.status).toBe(200)
    const body = await response.json()
    expect(body.session.user).toEqual({ name: demoUser.name, email: demoUser.email })
    expect(typeof body.session.expires).toBe("string")
    expect(body.attached).toBe(true)
    expect(body.sameAsService).toBe(true)
  })

  it("decodes the cookie once per request for guard, decorator and service together", async () => {
    await get("/guarded")
    expect(decodes).toBe(1)
    await get("/guarded")
    expect(decodes).toBe(2)
  })

  it("does not refresh the cookie before updateAge has passed", async () => {
    const response = await get("/guarded")
    expect(response.headers.getSetCookie()).toEqual([])
  })

  it("skips @Public() handlers without reading the session", async () => {
    const response = await get("/guarded/open", false)
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({ session: null })
    expect(decodes).toBe(0)
  })

  it("gives @Session() on a @Public() handler the session when there is one", async () => {
    const body = await (await get("/guarded/open")).json()
    expect(body.session.user.email).toBe(demoUser.email)
    expect(decodes).toBe(1)
  })

  it("honours @Public() on a class, and @Public(false) on a method overrides it", async () => {
    expect((await get("/public-class", false)).status).toBe(200)
    expect((await get("/public-class/locked", false)).status).toBe(401)
    const locked = await get("/public-class/locked")
    expect(locked.status).toBe(200)
    expect(await locked.json()).toEqual({ email: demoUser.email })
  })

  it("gives @Session() the session or null on routes without a guard", async () => {
    expect(await (await get("/unguarded", false)).json()).toEqual({ session: null })
    const body = await (await get("/unguarded")).json()
    expect(body.session.user.name).toBe(demoUser.name)
  })
})

describe("AuthGuard with a sliding session due for refresh", () => {
  let running: RunningApp
  beforeAll(async () => {
    running = await startApp(appModule(0))
  })
  afterAll(async () => {
    await running?.app.close()
  })

  it("forwards the refreshed session cookie on guarded API calls", async () => {
    const response = await fetch(`${running.url}/guarded`, { headers: { cookie: await sessionCookie() } })
    expect(response.status).toBe(200)
    const [refreshed, ...others] = response.headers.getSetCookie()
    expect(others).toEqual([])
    expect(refreshed).toMatch(/^authjs\.session-token=eyJ[^;]+; Path=\/; Expires=[^;]+; HttpOnly; SameSite=Lax$/)
  })
})
