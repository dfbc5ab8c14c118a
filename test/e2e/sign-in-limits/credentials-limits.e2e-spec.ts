// Credentials sign-in under attack, over HTTP: one account guessed from 20 client addresses, a
// JSON client, and what the answers and the reports say.
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { startApp, type RunningApp } from "../../utils/nest-app.js"
import { csrf, send, sessionCookie, sleep, type Answer } from "./attack-client.js"
import { credentialsApp, PASSWORDS, type Reports } from "./credentials-app.js"

const WINDOW_S = 2

describe("credentials limits: one account attacked from 20 client addresses", () => {
  const reports: Reports = { events: [], warnings: [] }
  let running: RunningApp
  let base: string
  let failed: string
  let form: { csrfToken: string; cookie: string }

  beforeAll(async () => {
    const limits = { credentials: { perIdentifier: { max: 5, window: WINDOW_S }, perClient: { max: 50, window: WINDOW_S } } }
    running = await startApp(credentialsApp(limits, reports))
    base = `${running.url}/auth`
    failed = `${base}/signin?error=CredentialsSignin&code=credentials`
    form = await csrf(base)
  })
  afterAll(async () => {
    await running?.app.close()
  })

  const signIn = (email: string, password: string, from: string, json = false): Promise<Answer> =>
    send(
      "POST",
      `${base}/callback/credentials`,
      { csrfToken: form.csrfToken, email, password, callbackUrl: `${running.url}/profile` },
      { from, cookie: form.cookie, json },
    )

  it("locks after 5 failures, refuses the right password alike during the lock, and lets it in after the window", async () => {
    const started = Date.now()
    const attack: Answer[] = []
    for (let i = 0; i < 20; i++) attack.push(await signIn("target@example.com", `guess-${i}`, `127.0.0.${11 + i}`))

    // Every answer is the ordinary failed sign-in; only Retry-After marks the locked ones.
    expect(attack.map((a) => a.status)).toEqual(Array(20).fill(302))
    expect(new Set(attack.map((a) => a.headers.location))).toEqual(new Set([failed]))
    const locked = attack.map((a) => a.headers["retry-after"] !== undefined)
    expect(locked).toEqual([...Array(5).fill(false), ...Array(15).fill(true)])
    for (const a of attack.slice(5)) expect(Number(a.headers["retry-after"])).toBeGreaterThanOrEqual(1)
    for (const a of attack.slice(5)) expect(Number(a.headers["retry-after"])).toBeLessThanOrEqual(WINDOW_S)

    const right = await signIn("target@example.com", PASSWORDS["target@example.com"]!, "127.0.0.40")
    expect(right.status).toBe(302)
    expect(right.headers.location).toBe(failed)
    expect(right.headers["retry-after"]).toBeDefined()
    expect(sessionCookie(right)).toBeUndefined()

    // Another account from one of the attacking addresses is untouched.
    const other = await signIn("other@example.com", PASSWORDS["other@example.com"]!, "127.0.0.16")
    expect(other.headers.location).toBe(`${running.url}/profile`)
    expect(sessionCookie(other)).toBeDefined()

    // One report for the lock, from the address that hit it, with the account hashed.
    expect(reports.events).toEqual([
      expect.objectContaining({ kind: "credentials", provider: "credentials", scope: "identifier", client: "127.0.0.16" }),
    ])
    expect(reports.events[0]!.identifierHash).toMatch(/^[\w-]{22}$/)
    const warned = reports.warnings.filter((w) => w.code === "sign-in-limited")
    expect(warned).toHaveLength(1)
    expect(JSON.stringify(warned[0]!.metadata)).not.toContain("target")

    await sleep(Math.max(0, started + WINDOW_S * 1000 + 250 - Date.now()))
    const after = await signIn("target@example.com", PASSWORDS["target@example.com"]!, "127.0.0.41")
    expect(after.headers.location).toBe(`${running.url}/profile`)
    expect(after.headers["retry-after"]).toBeUndefined()
    expect(sessionCookie(after)).toBeDefined()
  })

  it("answers a JSON client 429 with Retry-After and the same failure URL", async () => {
    for (let i = 0; i < 5; i++) expect((await signIn("json@example.com", "nope", "127.0.0.50")).headers.location).toBe(failed)
    const limited = await signIn("json@example.com", PASSWORDS["json@example.com"]!, "127.0.0.51", true)
    expect(limited.status).toBe(429)
    expect(Number(limited.headers["retry-after"])).toBeGreaterThanOrEqual(1)
    expect(JSON.parse(limited.body)).toEqual({ url: failed })
    expect(sessionCookie(limited)).toBeUndefined()
  })

  it("counts an account however its address is cased or padded", async () => {
    const variants = ["Other@Example.com", " other@example.com", "OTHER@EXAMPLE.COM", "other@example.com ", "oTher@example.com"]
    for (const email of variants) await signIn(email, "nope", "127.0.0.60")
    const right = await signIn("other@example.com", PASSWORDS["other@example.com"]!, "127.0.0.61")
    expect(right.headers["retry-after"]).toBeDefined()
    expect(sessionCookie(right)).toBeUndefined()
  })

  it("never answers 5xx to odd forms", async () => {
    const odd: Array<Record<string, string>> = [{}, { email: "" }, { email: "x".repeat(5_000), password: "p" }, { password: "only" }]
    for (const fields of odd) {
      const answer = await send("POST", `${base}/callback/credentials`, { csrfToken: form.csrfToken, ...fields }, { cookie: form.cookie, from: "127.0.0.70" })
      expect(answer.status).toBe(302)
    }
  })
})
