// The client a per-client limit counts is the platform's `req.ip`: the socket's peer unless Express's
// `trust proxy` (Fastify's `trustProxy`) says a proxy may name it. A made-up X-Forwarded-For must neither split one client into many nor
// reset its count. IPv6 clients count per network (a /56 unless `limits.ipv6Subnet` says otherwise).
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { startApp } from "../../utils/nest-app.js"
import { csrf, send, type Answer } from "./attack-client.js"
import { credentialsApp, type Reports } from "./credentials-app.js"

// Per client only, so the accounts tried do not matter.
const limits = { credentials: { perIdentifier: false as const, perClient: { max: 3, window: 60 } } }

async function attackApp(trustProxy?: string, ipv6Subnet?: number | false) {
  const reports: Reports = { events: [], warnings: [] }
  const running = await startApp(credentialsApp({ ...limits, ipv6Subnet }, reports), undefined, 0, "127.0.0.1", { trustProxy })
  const base = `${running.url}/auth`
  const form = await csrf(base)
  const tryPassword = (i: number, from: string, headers: Record<string, string> = {}): Promise<Answer> =>
    send("POST", `${base}/callback/credentials`, { csrfToken: form.csrfToken, email: `user${i}@example.com`, password: "nope" }, { from, cookie: form.cookie, headers })
  return { running, reports, tryPassword }
}

const isLimited = (a: Answer) => a.status === 302 && a.headers["retry-after"] !== undefined

describe("without trust proxy", () => {
  let app: Awaited<ReturnType<typeof attackApp>>
  beforeAll(async () => {
    app = await attackApp()
  })
  afterAll(async () => {
    await app?.running.app.close()
  })

  it("counts one client however many addresses its X-Forwarded-For claims", async () => {
    const answers: Answer[] = []
    for (let i = 0; i < 8; i++) answers.push(await app.tryPassword(i, "127.0.0.21", { "x-forwarded-for": `203.0.113.${i + 1}` }))
    expect(answers.map(isLimited)).toEqual([false, false, false, true, true, true, true, true])
    expect(app.reports.events).toEqual([expect.objectContaining({ scope: "client", client: "127.0.0.21" })])
  })

  it("counts another real client on its own", async () => {
    expect(isLimited(await app.tryPassword(100, "127.0.0.22", { "x-forwarded-for": "127.0.0.21" }))).toBe(false)
    expect(isLimited(await app.tryPassword(101, "127.0.0.21", { "x-forwarded-for": "127.0.0.22" }))).toBe(true)
  })
})

describe("behind a trusted proxy (trust proxy: loopback)", () => {
  let app: Awaited<ReturnType<typeof attackApp>>
  beforeAll(async () => {
    app = await attackApp("loopback")
  })
  afterAll(async () => {
    await app?.running.app.close()
  })

  it("counts the client the proxy names, and a prefix the client made up changes nothing", async () => {
    const answers: Answer[] = []
    // The client sends its own X-Forwarded-For; the proxy appends the address it saw (203.0.113.7).
    for (let i = 0; i < 6; i++) answers.push(await app.tryPassword(i, "127.0.0.31", { "x-forwarded-for": `198.51.100.${i + 1}, 203.0.113.7` }))
    expect(answers.map(isLimited)).toEqual([false, false, false, true, true, true])
    expect(app.reports.events).toEqual([expect.objectContaining({ scope: "client", client: "203.0.113.7" })])
    // Another client behind the same proxy has its own count.
    expect(isLimited(await app.tryPassword(50, "127.0.0.31", { "x-forwarded-for": "203.0.113.8" }))).toBe(false)
  })
})

describe("IPv6 clients behind a trusted proxy", () => {
  // Four addresses of one subscriber's /56 (2001:db8:0:ab00::/56), two of them in other /64s of it.
  const subscriber = ["2001:db8:0:ab12::1", "2001:db8:0:ab12::2", "2001:db8:0:ab34::5", "2001:db8:0:abff:1:2:3:4"]
  const apps: Array<Awaited<ReturnType<typeof attackApp>>> = []
  afterAll(async () => {
    await Promise.all(apps.map((app) => app.running.app.close()))
  })

  it("counts a /56 as one client by default, whichever of its addresses each attempt comes from", async () => {
    const app = await attackApp("loopback")
    apps.push(app)
    const answers: Answer[] = []
    for (const [i, address] of subscriber.entries()) answers.push(await app.tryPassword(i, "127.0.0.41", { "x-forwarded-for": address }))
    expect(answers.map(isLimited)).toEqual([false, false, false, true])
    expect(app.reports.events).toEqual([expect.objectContaining({ scope: "client", client: "2001:db8:0:ab00::/56" })])
    // The next /56 is another subscriber.
    expect(isLimited(await app.tryPassword(50, "127.0.0.41", { "x-forwarded-for": "2001:db8:0:ac00::1" }))).toBe(false)
  })

  it("counts each address on its own with ipv6Subnet: false", async () => {
    const app = await attackApp("loopback", false)
    apps.push(app)
    const answers: Answer[] = []
    for (const [i, address] of subscriber.entries()) answers.push(await app.tryPassword(i, "127.0.0.42", { "x-forwarded-for": address }))
    expect(answers.map(isLimited)).toEqual([false, false, false, false])
    for (let i = 0; i < 3; i++) answers.push(await app.tryPassword(10 + i, "127.0.0.42", { "x-forwarded-for": subscriber[0]! }))
    expect(answers.slice(4).map(isLimited)).toEqual([false, false, true])
    expect(app.reports.events).toEqual([expect.objectContaining({ scope: "client", client: "2001:db8:0:ab12::1" })])
  })
})
