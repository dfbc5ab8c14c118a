import { Controller, Get, Module, UseGuards } from "@nestjs/common"
import type { CanActivate } from "@nestjs/common"
import { Test } from "@nestjs/testing"
import type { NestExpressApplication } from "@nestjs/platform-express"
import { afterAll, describe, expect, it } from "vitest"
import { AuthGuard } from "../../../lib/nest/auth.guard.js"
import { AuthModule } from "../../../lib/nest/auth.module.js"
import { createTestSession } from "../../../lib/testing.js"
import { nestAuthConfig } from "../../utils/nest-auth-config.js"
import { globalGuardModule } from "./app.module.js"
import { alice, admin, API, get } from "./requests.js"

// The global guard in users' own tests: overrideProvider(AuthGuard), createTestSession.

describe("the global guard in users' tests", () => {
  const apps: NestExpressApplication[] = []
  afterAll(async () => {
    await Promise.all(apps.map((app) => app.close()))
  })
  async function listen(app: NestExpressApplication) {
    apps.push(app)
    await app.listen(0, "127.0.0.1")
    return (await app.getUrl()).replace("[::1]", "127.0.0.1")
  }
  const allowAll: CanActivate = { canActivate: () => true }

  it("is replaced by overrideProvider(AuthGuard), as it is registered with useExisting", async () => {
    const allowing = await Test.createTestingModule({ imports: [globalGuardModule()] })
      .overrideProvider(AuthGuard)
      .useValue(allowAll)
      .compile()
    const url = await listen(allowing.createNestApplication<NestExpressApplication>({ logger: false }))
    expect((await get(`${url}/admin`, API)).status).toBe(200)

    const refusing = await Test.createTestingModule({ imports: [globalGuardModule()] })
      .overrideProvider(AuthGuard)
      .useValue({ canActivate: () => false })
      .compile()
    const refusingUrl = await listen(refusing.createNestApplication<NestExpressApplication>({ logger: false }))
    expect((await get(`${refusingUrl}/`, API)).status).toBe(403)
  })

  it("is replaced where @UseGuards(AuthGuard) names it by overrideGuard(AuthGuard)", async () => {
    @UseGuards(AuthGuard)
    @Controller("guarded")
    class GuardedController {
      @Get() open() {
        return { open: true }
      }
    }
    @Module({ imports: [AuthModule.forRoot(nestAuthConfig())], controllers: [GuardedController] })
    class PerRouteModule {}
    const real = await Test.createTestingModule({ imports: [PerRouteModule] }).compile()
    expect((await get(`${await listen(real.createNestApplication({ logger: false }))}/guarded`, API)).status).toBe(401)
    const overridden = await Test.createTestingModule({ imports: [PerRouteModule] })
      .overrideGuard(AuthGuard)
      .useValue(allowAll)
      .compile()
    expect((await get(`${await listen(overridden.createNestApplication({ logger: false }))}/guarded`, API)).status).toBe(200)
  })

  it("accepts the sessions createTestSession mints, as a cookie or (with bearer: true) a header", async () => {
    const moduleRef = await Test.createTestingModule({ imports: [globalGuardModule({ bearer: true })] }).compile()
    const app = moduleRef.createNestApplication<NestExpressApplication>({ logger: false })
    const url = await listen(app)
    const session = await createTestSession(moduleRef, admin)
    expect(session.cookie).toMatch(/^authjs\.session-token=eyJ/)
    expect(Date.parse(session.expires)).toBeGreaterThan(Date.now())
    const byCookie = await get(`${url}/admin`, { ...API, cookie: session.cookie })
    expect(byCookie.status).toBe(200)
    expect((await get(`${url}/profile`, { ...API, authorization: session.authorization })).status).toBe(200)
  })

  it("refuses to mint a session for an app without AuthModule", async () => {
    const moduleRef = await Test.createTestingModule({ controllers: [] }).compile()
    await expect(createTestSession(moduleRef, alice)).rejects.toThrow(/no AuthModule/)
  })
})
