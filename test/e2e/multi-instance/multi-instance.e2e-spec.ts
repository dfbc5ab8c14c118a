import type { ChildProcess } from "node:child_process"
import { fileURLToPath } from "node:url"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { pgAdapterDatabase, stopBackendServers } from "../../utils/adapter-backends.js"
import { startAppProcess } from "../../utils/app-process.js"
import { CookieJar } from "../../utils/cookie-jar.js"
import { freePort } from "../../utils/free-port.js"
import { demoUser } from "../../utils/nest-auth-config.js"
import { type OidcIssuer, startOidcIssuer } from "../../utils/oidc/index.js"
import { oidcSignIn, signOut } from "../../utils/oidc-sign-in.js"
import { postgresAvailability } from "../../utils/postgres.js"
import { stopChild } from "../../utils/stop-child.js"
import { describeWithServers } from "../../utils/real-server.js"

const SESSION = "authjs.session-token"
const here = (file: string) => fileURLToPath(new URL(file, import.meta.url))

interface Instance {
  url: string
  child: ChildProcess
}

const children: ChildProcess[] = []

/** Starts instance-main.ts as its own Node process on `port` and waits until it listens. */
async function startInstance(port: number, env: Record<string, string>): Promise<Instance> {
  const { child } = await startAppProcess(here("./instance-main.ts"), port, env)
  children.push(child)
  return { url: `http://127.0.0.1:${port}`, child }
}

afterAll(async () => {
  await Promise.all(children.map((child) => stopChild(child)))
  await stopBackendServers()
})

const form = (fields: Record<string, string>): RequestInit => ({
  method: "POST",
  headers: { "content-type": "application/x-www-form-urlencoded" },
  body: new URLSearchParams(fields).toString(),
})

describeWithServers("two app processes sharing one PostgreSQL (database sessions)", [postgresAvailability], () => {
  let issuer: OidcIssuer
  let a: Instance
  let b: Instance

  beforeAll(async () => {
    const [portA, portB] = await Promise.all([freePort(), freePort()])
    issuer = await startOidcIssuer({
      accounts: { shared: { name: "Shared User", email: "shared@example.com" } },
      clients: [
        {
          client_id: "corp-app",
          client_secret: "corp-secret",
          redirect_uris: [portA, portB].map((port) => `http://127.0.0.1:${port}/auth/callback/corp`),
        },
      ],
    })
    const { url, pool } = await pgAdapterDatabase()
    await pool.end()
    const env = { AUTH_SECRET: "multi-instance-secret-0123456789abcdefghij", DATABASE_URL: url, OIDC_ISSUER: issuer.issuer }
    ;[a, b] = await Promise.all([startInstance(portA, env), startInstance(portB, env)])
  }, 120_000)
  afterAll(async () => {
    await Promise.all([a, b].filter(Boolean).map((instance) => stopChild(instance.child)))
    await issuer?.stop()
  })

  it("signs in on A, the session works on B; signs out on B, it is gone on A", async () => {
    const jar = new CookieJar() // host-only cookies, ports ignored: A's cookie goes to B as a browser would send it
    const callback = await oidcSignIn(jar, a.url, "corp", "shared")
    expect(callback.headers.get("location")).toBe(`${a.url}/profile`)
    const token = jar.get(SESSION)!
    expect(token).toMatch(/^[0-9a-f-]{36}$/)

    const onA = await (await jar.fetch(`${a.url}/profile`)).json()
    const onB = await (await jar.fetch(`${b.url}/profile`)).json()
    expect(onA).toMatchObject({ user: { email: "shared@example.com" }, servedBy: a.child.pid })
    expect(onB).toMatchObject({ user: { email: "shared@example.com" }, servedBy: b.child.pid })

    const out = await signOut(jar, b.url)
    expect(out.status).toBe(302)
    expect(jar.get(SESSION)).toBeUndefined()
    // Replaying the old cookie on A: its row is gone from the shared database.
    const replay = await fetch(`${a.url}/profile`, { headers: { cookie: `${SESSION}=${token}` } })
    expect(replay.status).toBe(401)
  })
})

describe("two app processes sharing only AUTH_SECRET (JWT sessions)", () => {
  let a: Instance
  let b: Instance
  let stranger: Instance

  beforeAll(async () => {
    const [portA, portB, portC] = await Promise.all([freePort(), freePort(), freePort()])
    const secret = { AUTH_SECRET: "shared-jwt-secret-0123456789abcdefghijklmn" }
    ;[a, b, stranger] = await Promise.all([
      startInstance(portA, secret),
      startInstance(portB, secret),
      startInstance(portC, { AUTH_SECRET: "another-secret-0123456789abcdefghijklmnop" }),
    ])
  }, 120_000)
  afterAll(async () => {
    await Promise.all([a, b, stranger].filter(Boolean).map((instance) => stopChild(instance.child)))
  })

  it("signs in on A and the session works on B, not on an instance with another secret", async () => {
    const jar = new CookieJar()
    const { csrfToken } = (await (await jar.fetch(`${a.url}/auth/csrf`)).json()) as { csrfToken: string }
    const res = await jar.fetch(
      `${a.url}/auth/callback/credentials`,
      form({ csrfToken, email: demoUser.email, password: "wonderland", callbackUrl: `${a.url}/profile` }),
    )
    expect(res.headers.get("location")).toBe(`${a.url}/profile`)
    expect(jar.get(SESSION)).toMatch(/^eyJ/)

    const onB = await jar.fetch(`${b.url}/profile`)
    expect(onB.status).toBe(200)
    expect(await onB.json()).toMatchObject({ user: { email: demoUser.email }, servedBy: b.child.pid })
    expect((await jar.fetch(`${stranger.url}/profile`)).status).toBe(401)
  })
})
