import { Controller, Get, Module, type DynamicModule } from "@nestjs/common"
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest"
import { MemoryAdapter } from "../../../lib/adapters/memory-adapter.js"
import { AuthModule } from "../../../lib/nest/auth.module.js"
import Nodemailer from "../../../lib/providers/nodemailer.js"
import { MailSink, signInLink } from "../../../sample/mail-sink.js"
import { CookieJar } from "../../utils/cookie-jar.js"
import { startApp, type RunningApp } from "../../utils/nest-app.js"
import { TEST_SECRET } from "../../utils/nest-auth-config.js"

@Controller("ping")
class PingController {
  @Get() ping() {
    return "pong"
  }
}

/** No trustHost in the config: trust comes from the environment, as in a first-time deployment. */
class PoisoningModule {
  static with(server: string, warnings: string[]): DynamicModule {
    return {
      module: PoisoningModule,
      imports: [
        AuthModule.forRoot({
          secret: TEST_SECRET,
          adapter: MemoryAdapter(),
          providers: [Nodemailer({ server, from: "auth@app.test" })],
          logger: { warn: (code) => void warnings.push(code) },
        }),
      ],
      controllers: [PingController],
    }
  }
}
Module({})(PoisoningModule)

const ENV_KEYS = ["AUTH_URL", "NEXTAUTH_URL", "AUTH_TRUST_HOST", "VERCEL", "CF_PAGES", "NODE_ENV"] as const

describe("email links cannot be poisoned through X-Forwarded-Host", () => {
  const sink = new MailSink()
  let server: string
  const saved = Object.fromEntries(ENV_KEYS.map((k) => [k, process.env[k]]))
  let running: RunningApp | undefined

  beforeAll(async () => {
    server = await sink.start()
  })
  afterEach(async () => {
    await running?.app.close()
    running = undefined
    for (const k of ENV_KEYS) {
      if (saved[k] === undefined) delete process.env[k]
      else process.env[k] = saved[k]
    }
    sink.mails.length = 0
  })
  afterAll(() => sink.close())

  async function boot(env: Partial<Record<(typeof ENV_KEYS)[number], string>>) {
    for (const k of ENV_KEYS) delete process.env[k]
    Object.assign(process.env, { NODE_ENV: "development", ...env })
    const warnings: string[] = []
    running = await startApp(PoisoningModule.with(server, warnings))
    return { running, warnings }
  }

  /** The attacker asks for a link for the victim's address, naming their own host. */
  async function poisonedLinkFor(app: RunningApp, email: string): Promise<string> {
    const jar = new CookieJar()
    const { csrfToken } = await (await jar.fetch(`${app.url}/auth/csrf`)).json()
    const body = new URLSearchParams({ csrfToken, email }).toString()
    const res = await jar.fetch(`${app.url}/auth/signin/nodemailer`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", "x-forwarded-host": "evil.example" },
      body,
    })
    expect(res.status).toBe(302)
    const mail = await sink.waitForMail((m) => m.to.includes(email))
    if ((mail.text + mail.html).includes("evil.example")) throw new Error(`the mail names evil.example:\n${mail.text}`)
    return signInLink(mail)!
  }

  it("with trust only inferred (no AUTH_URL, NODE_ENV development): the link stays on the app's own host, and boot says so", async () => {
    const { running: app, warnings } = await boot({})
    const link = await poisonedLinkFor(app, "victim@example.com")
    expect(new URL(link).origin).toBe(app.url)
    expect(warnings).toContain("trust-host-inferred")
    expect(warnings).toContain("email-links-ignore-forwarded-headers")
  })

  it("with AUTH_URL set: the link uses AUTH_URL's origin", async () => {
    const { running: app } = await boot({ AUTH_URL: "https://app.example.com/auth" })
    const link = await poisonedLinkFor(app, "victim2@example.com")
    expect(new URL(link).origin).toBe("https://app.example.com")
  })
})
