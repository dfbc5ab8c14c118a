import { Test } from "@nestjs/testing"
import { describe, expect, it } from "vitest"
import { AuthModule } from "../../lib/nest/auth.module.js"
import { nestAuthConfig } from "../utils/nest-auth-config.js"

const compile = (module: unknown) => Test.createTestingModule({ imports: [module as never] }).compile()

describe("AuthModule.forRootAsync: options that only work beside useFactory", () => {
  it.each([
    ["globalGuard", { globalGuard: true }],
    ["openApi", { openApi: false }],
  ])("fails boot when the factory returns %s, saying where it goes", async (name, extra) => {
    const failure = compile(AuthModule.forRootAsync({ useFactory: () => ({ ...nestAuthConfig(), ...extra }) as never }))
    await expect(failure).rejects.toThrow(new RegExp(`${name}.*beside useFactory`))
  })

  it("names every misplaced option at once", async () => {
    const failure = compile(AuthModule.forRootAsync({ useFactory: () => ({ ...nestAuthConfig(), globalGuard: true, openApi: true }) as never }))
    await expect(failure).rejects.toThrow(/globalGuard, openApi/)
  })
})
