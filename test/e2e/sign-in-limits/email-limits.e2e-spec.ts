// Email sign-in under abuse: many link requests for one address, or for many addresses from one
// client. Every answer is the usual "check your email"; only the allowed mails reach the SMTP sink.
import { Module } from "@nestjs/common"
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest"
import { MemoryAdapter } from "../../../lib/adapters/memory-adapter.js"
import type { SignInLimitedMessage } from "../../../lib/core/vocabulary/limits.js"
import { AuthModule } from "../../../lib/nest/auth.module.js"
import Nodemailer from "../../../lib/providers/nodemailer.js"
import { MailSink } from "../../../sample/mail-sink.js"
import { startApp, type RunningApp } from "../../utils/nest-app.js"
import { TEST_SECRET } from "../../utils/nest-auth-config.js"
import { csrf, send, sleep, type Answer } from "./attack-client.js"

const WINDOW_S = 2

describe("email limits through a real SMTP server", () => {
  const sink = new MailSink()
  const events: SignInLimitedMessage[] = []
  let running: RunningApp
  let base: string
  let form: { csrfToken: string; cookie: string }

  beforeAll(async () => {
    const server = await sink.start()
    @Module({
      imports: [
        AuthModule.forRoot({
          secret: TEST_SECRET,
          trustHost: true,
          adapter: MemoryAdapter(),
          session: { strategy: "jwt" },
          providers: [Nodemailer({ server, from: "Test App <auth@app.test>" })],
          limits: { email: { perIdentifier: { max: 3, window: WINDOW_S }, perClient: { max: 4, window: WINDOW_S } } },
          events: { signInLimited: (message) => void events.push(message) },
          logger: { warn: () => {}, error: () => {} },
        }),
      ],
    })
    class EmailLimitsModule {}
    running = await startApp(EmailLimitsModule)
    base = `${running.url}/auth`
    form = await csrf(base)
  })
  afterAll(async () => {
    await running?.app.close()
    await sink.close()
  })
  beforeEach(() => {
    sink.mails.length = 0
    events.length = 0
  })

  const askForLink = (email: string, from: string): Promise<Answer> =>
    send("POST", `${base}/signin/nodemailer`, { csrfToken: form.csrfToken, email, callbackUrl: "/" }, { from, cookie: form.cookie })
  const mailsTo = (email: string) => sink.mails.filter((mail) => mail.to.includes(email)).length
  const checkYourEmail = () => `${base}/verify-request?provider=nodemailer&type=email`

  it("sends 3 of 10 requested mails for one address, from 10 clients, and answers all 10 alike", async () => {
    const started = Date.now()
    const answers: Answer[] = []
    for (let i = 0; i < 10; i++) answers.push(await askForLink("victim@example.com", `127.0.1.${i + 1}`))
    expect(answers.map((a) => a.status)).toEqual(Array(10).fill(302))
    expect(new Set(answers.map((a) => a.headers.location))).toEqual(new Set([checkYourEmail()]))
    expect(answers.every((a) => a.headers["retry-after"] === undefined)).toBe(true)
    // nodemailer has handed each mail to the sink before its request was answered.
    expect(mailsTo("victim@example.com")).toBe(3)
    expect(events).toEqual([expect.objectContaining({ kind: "email", provider: "nodemailer", scope: "identifier", client: "127.0.1.4" })])

    await sleep(Math.max(0, started + WINDOW_S * 1000 + 250 - Date.now()))
    expect((await askForLink("victim@example.com", "127.0.1.20")).headers.location).toBe(checkYourEmail())
    await sink.waitForMail((mail) => mail.to.includes("victim@example.com"))
    expect(mailsTo("victim@example.com")).toBe(4)
  })

  it("sends 4 mails to 10 addresses asked for by one client", async () => {
    const answers: Answer[] = []
    for (let i = 0; i < 10; i++) answers.push(await askForLink(`person${i}@example.com`, "127.0.2.1"))
    expect(new Set(answers.map((a) => a.headers.location))).toEqual(new Set([checkYourEmail()]))
    expect(sink.mails.map((mail) => mail.to[0])).toEqual([0, 1, 2, 3].map((i) => `person${i}@example.com`))
    expect(events).toEqual([expect.objectContaining({ kind: "email", scope: "client", client: "127.0.2.1" })])
    // The address itself still has its mails from another client.
    await askForLink("person9@example.com", "127.0.2.2")
    await sink.waitForMail((mail) => mail.to.includes("person9@example.com"))
  })
})
