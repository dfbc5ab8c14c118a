// Two app processes sharing one real redis-server (limits.store: redisLimitStore): an attack spread
// over both is limited as one; with Redis stopped mid-attack each process limits on its own and
// nothing answers 5xx.
import { afterAll, beforeAll, expect, it } from "vitest"
import { MailSink } from "../../../sample/mail-sink.js"
import { startRedisOn, type RestartableRedis } from "../../utils/redis.js"
import { freePort } from "../../utils/free-port.js"
import { redisAvailability } from "../../utils/redis.js"
import { describeWithServers } from "../../utils/real-server.js"
import { csrf, send, sessionCookie, type Answer } from "./attack-client.js"
import { stopChild } from "../../utils/stop-child.js"
import { startInstance, type Instance } from "./instances.js"

const limited = (a: Answer) => a.headers["retry-after"] !== undefined

describeWithServers("sign-in limits across two processes sharing redis-server", [redisAvailability], () => {
  const sink = new MailSink()
  let redis: RestartableRedis
  let a: Instance
  let b: Instance
  let form: { csrfToken: string; cookie: string }

  beforeAll(async () => {
    const [redisPort, portA, portB] = await Promise.all([freePort(), freePort(), freePort()])
    redis = await startRedisOn(redisPort)
    const env = { AUTH_SECRET: "limits-shared-secret-0123456789abcdefghij", REDIS_URL: redis.url, SMTP_URL: await sink.start() }
    ;[a, b] = await Promise.all([startInstance(portA, env), startInstance(portB, env)])
    // One CSRF pair serves both: the instances share AUTH_SECRET.
    form = await csrf(`${a.url}/auth`)
  }, 150_000)
  afterAll(async () => {
    await Promise.all([a, b].filter(Boolean).map((instance) => stopChild(instance.child)))
    await redis?.stop()
    await sink.close()
  })

  const signIn = (instance: Instance, email: string, password: string, from: string) =>
    send("POST", `${instance.url}/auth/callback/credentials`, { csrfToken: form.csrfToken, email, password }, { from, cookie: form.cookie })

  it("locks an account after 5 failures in all, whichever process answered them", async () => {
    const answers: Answer[] = []
    for (let i = 0; i < 10; i++) answers.push(await signIn(i % 2 ? b : a, "target@example.com", `guess-${i}`, `127.0.3.${i + 1}`))
    expect(answers.map((x) => x.status)).toEqual(Array(10).fill(302))
    expect(answers.map(limited)).toEqual([...Array(5).fill(false), ...Array(5).fill(true)])
    const right = await signIn(b, "target@example.com", "right-password", "127.0.3.50")
    expect(limited(right)).toBe(true)
    expect(sessionCookie(right)).toBeUndefined()
  })

  it("sends 3 mails in all for 6 requests spread over both processes", async () => {
    for (let i = 0; i < 6; i++) {
      const instance = i % 2 ? b : a
      const answer = await send("POST", `${instance.url}/auth/signin/nodemailer`, { csrfToken: form.csrfToken, email: "victim@example.com" }, { from: `127.0.4.${i + 1}`, cookie: form.cookie })
      expect(answer.headers.location).toBe(`${instance.url}/auth/verify-request?provider=nodemailer&type=email`)
    }
    expect(sink.mails.filter((mail) => mail.to.includes("victim@example.com"))).toHaveLength(3)
  })

  it("with Redis stopped mid-attack, limits per process, warns once per process and never answers 5xx", async () => {
    const answers: Answer[] = []
    for (let i = 0; i < 3; i++) answers.push(await signIn(a, "second@example.com", `guess-${i}`, `127.0.5.${i + 1}`))
    await redis.stop()
    for (let i = 3; i < 9; i++) answers.push(await signIn(a, "second@example.com", `guess-${i}`, `127.0.5.${i + 1}`))
    expect(answers.every((x) => x.status === 302)).toBe(true)
    // A counts from the outage on: 5 failures of its own, then the lock.
    expect(answers.map(limited)).toEqual([...Array(8).fill(false), true])

    // B has its own count during the outage: the right password gets in there.
    const onB = await signIn(b, "second@example.com", "second-password", "127.0.5.30")
    expect(onB.status).toBe(302)
    expect(sessionCookie(onB)).toBeDefined()

    for (const instance of [a, b]) {
      expect(instance.lines.filter((line) => line.warn === "limit-store-unavailable")).toHaveLength(1)
    }
  })
})
