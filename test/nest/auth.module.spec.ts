import { Controller, Get, Inject, Injectable, Module } from "@nestjs/common"
import type { LoggerService } from "@nestjs/common"
import { NestFactory } from "@nestjs/core"
import { Test } from "@nestjs/testing"
import { afterEach, describe, expect, it, vi } from "vitest"
import type { AuthConfig, ResolvedConfig } from "../../lib/core/config/types.js"
import { MissingSecret } from "../../lib/core/vocabulary/errors.js"
import { RESOLVED_CONFIG } from "../../lib/nest/auth.constants.js"
import { AuthGuard } from "../../lib/nest/auth.guard.js"
import { AuthModule } from "../../lib/nest/auth.module.js"
import { AuthService } from "../../lib/nest/auth.service.js"
import { TEST_SECRET, demoCredentials, nestAuthConfig } from "../utils/nest-auth-config.js"
import { startApp } from "../utils/nest-app.js"

/** A stand-in for @nestjs/config: a module exporting a settings service. */
@Injectable()
class Settings {
  private readonly values: Record<string, string> = { AUTH_SECRET: TEST_SECRET }
  get(key: string): string | undefined {
    return this.values[key]
  }
}

@Module({ providers: [Settings], exports: [Settings] })
class SettingsModule {}

/** A feature module that does not import AuthModule: the global module must still reach it. */
@Controller("feature")
class FeatureController {
  constructor(@Inject(AuthService) private readonly auth: AuthService) {}
  @Get()
  ok() {
    return { hasAuthService: this.auth instanceof AuthService }
  }
}
@Module({ controllers: [FeatureController] })
class FeatureModule {}

/** An options factory class, as `useClass` expects (method `create`). */
@Injectable()
class AuthOptionsFactory {
  create(): AuthConfig {
    return nestAuthConfig()
  }
}

const asyncOptions = (basePath?: string) =>
  AuthModule.forRootAsync({
    ...(basePath ? { basePath } : {}),
    imports: [SettingsModule],
    inject: [Settings],
    useFactory: async (settings: Settings): Promise<AuthConfig> => {
      await new Promise((resolve) => setImmediate(resolve))
      return { secret: settings.get("AUTH_SECRET"), trustHost: true, providers: [demoCredentials()] }
    },
  })

async function compile(imports: unknown[]) {
  return Test.createTestingModule({ imports: imports as never[] }).compile()
}

afterEach(() => {
  vi.unstubAllEnvs()
})

describe("AuthModule", () => {
  describe.each([
    ["forRoot", () => AuthModule.forRoot(nestAuthConfig()), "/auth"],
    ["forRoot with basePath", () => AuthModule.forRoot({ ...nestAuthConfig(), basePath: "/api/auth/" }), "/api/auth"],
    ["forRootAsync (imports, inject, useFactory)", () => asyncOptions(), "/auth"],
    ["forRootAsync with basePath beside useFactory", () => asyncOptions("/api/auth"), "/api/auth"],
    ["forRootAsync (useClass)", () => AuthModule.forRootAsync({ useClass: AuthOptionsFactory }), "/auth"],
  ])("%s", (_name, authModule, basePath) => {
    it("provides the resolved config, AuthService and AuthGuard", async () => {
      const moduleRef = await compile([authModule()])
      const config = moduleRef.get<ResolvedConfig>(RESOLVED_CONFIG)
      expect(config.basePath).toBe(basePath)
      expect(config.secrets).toEqual([TEST_SECRET])
      expect([...config.providersById.keys()]).toEqual(["credentials"])
      expect(moduleRef.get(AuthService)).toBeInstanceOf(AuthService)
      expect(moduleRef.get(AuthGuard)).toBeInstanceOf(AuthGuard)
      await moduleRef.close()
    })

    it(`serves the Auth.js routes at ${basePath} and is global`, async () => {
      @Module({ imports: [authModule(), FeatureModule] })
      class AppModule {}
      const { app, url } = await startApp(AppModule)
      try {
        const providers = await (await fetch(`${url}${basePath}/providers`)).json()
        expect(providers.credentials.callbackUrl).toBe(`${url}${basePath}/callback/credentials`)
        expect(await (await fetch(`${url}/feature`)).json()).toEqual({ hasAuthService: true })
      } finally {
        await app.close()
      }
    })
  })

  it("does not mutate the options object it is given", async () => {
    const options = nestAuthConfig()
    const snapshot = { ...options }
    const moduleRef = await compile([AuthModule.forRoot(options)])
    expect(options).toEqual(snapshot)
    expect(options).not.toHaveProperty("logger")
    await moduleRef.close()
  })

  describe("a bad configuration fails bootstrap", () => {
    it("rejects without a secret, saying how to set one", async () => {
      for (const name of ["AUTH_SECRET", "AUTH_SECRET_1", "AUTH_SECRET_2", "AUTH_SECRET_3"]) vi.stubEnv(name, undefined)
      const failure = compile([AuthModule.forRoot({ trustHost: true, providers: [] })])
      await expect(failure).rejects.toBeInstanceOf(MissingSecret)
      await expect(failure).rejects.toThrow(/AUTH_SECRET/)
    })

    it("rejects when an async factory's secret is missing", async () => {
      for (const name of ["AUTH_SECRET", "AUTH_SECRET_1", "AUTH_SECRET_2", "AUTH_SECRET_3"]) vi.stubEnv(name, undefined)
      const failure = compile([
        AuthModule.forRootAsync({ useFactory: () => ({ trustHost: true, providers: [] }) }),
      ])
      await expect(failure).rejects.toThrow(/No secret configured/)
    })

    it("rejects a factory whose result has another basePath, naming the fix", async () => {
      const failure = compile([
        AuthModule.forRootAsync({ useFactory: () => ({ ...nestAuthConfig(), basePath: "/api/auth" }) }),
      ])
      await expect(failure).rejects.toThrow(TypeError)
      await expect(failure).rejects.toThrow(/pass basePath beside useFactory/)
    })

    it("accepts a factory whose basePath matches the one beside useFactory", async () => {
      const moduleRef = await compile([
        AuthModule.forRootAsync({
          basePath: "/api/auth",
          useFactory: () => ({ ...nestAuthConfig(), basePath: "/api/auth/" }),
        }),
      ])
      expect(moduleRef.get<ResolvedConfig>(RESOLVED_CONFIG).basePath).toBe("/api/auth")
      await moduleRef.close()
    })

    it("rejects a factory that returns no object", async () => {
      const failure = compile([AuthModule.forRootAsync({ useFactory: () => undefined as never })])
      await expect(failure).rejects.toThrow(/must return an AuthConfig object/)
    })

    it.each(["/", "", "auth", "/auth/:id", "/a//b", "/a b"])("throws at declaration for basePath %j", (basePath) => {
      expect(() => AuthModule.forRoot({ ...nestAuthConfig(), basePath })).toThrow(/basePath must be a path/)
    })
  })

  describe("logger", () => {
    function capture(): LoggerService & { lines: Array<[string, unknown, unknown]> } {
      const lines: Array<[string, unknown, unknown]> = []
      const record = (level: string) => (message: unknown, ...rest: unknown[]) => {
        lines.push([level, message, rest.at(-1)])
      }
      return { lines, log: record("log"), error: record("error"), warn: record("warn"), debug: record("debug"), verbose: record("verbose") }
    }

    it("reports through Nest's Logger with the context 'Auth' by default", async () => {
      const logger = capture()
      @Module({ imports: [AuthModule.forRoot(nestAuthConfig({ debug: true }))] })
      class AppModule {}
      const app = await NestFactory.create(AppModule, { logger, abortOnError: false })
      await app.init()
      await app.close()
      const warning = logger.lines.find(([level, , context]) => level === "warn" && context === "Auth")
      expect(String(warning?.[1])).toContain("debug-enabled")
    })

    it("lets a user logger member replace the default one", async () => {
      const logger = capture()
      const warn = vi.fn()
      @Module({ imports: [AuthModule.forRoot(nestAuthConfig({ debug: true, logger: { warn } }))] })
      class AppModule {}
      const app = await NestFactory.create(AppModule, { logger, abortOnError: false })
      await app.init()
      await app.close()
      expect(warn).toHaveBeenCalledWith("debug-enabled")
      expect(logger.lines.filter(([level, , context]) => level === "warn" && context === "Auth")).toEqual([])
    })
  })
})
