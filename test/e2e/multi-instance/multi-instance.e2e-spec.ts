import { spawn, type ChildProcess } from "node:child_process"
import { fileURLToPath } from "node:url"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { pgAdapterDatabase, stopBackendServers } from "../../utils/adapter-backends.js"
import { CookieJar } from "../../utils/cookie-jar.js"
import { freePort } from "../../utils/free-port.js"
import { demoUser } from "../../utils/nest-auth-config.js"
import { type OidcIssuer, startOidcIssuer } from "../../utils/oidc/index.js"
import { oidcSignIn, signOut } from "../../utils/oidc-sign-in.js"
import { postgresAvailability } from "../../utils/postgres.js"
import { describeWithServers } from "../../utils/real-server.js"

const SESSION = "authjs.session-token"
const START_TIMEOUT_MS = 45_000
const here = (file: string) => fileURLToPath(new URL(file, import.meta.url))

interface Instance {
  url: string
  child: ChildProcess
}

const children: ChildProcess[] = []

/** Starts instance-main.ts as its own Node process on `port` and waits until it listens. */
function startInstance(port: number, env: Record<string, string>): Promise<Instance> {
  const child = spawn(process.execPath, ["--import", here("./register-ts.mjs"), here("./instance-main.ts")], {
    cwd: here("."),
    env: { ...process.env, PORT: String(port), ...env },
    stdio: ["ignore", "pipe", "pipe"],
  })
  children.push(child)
  let stderr = ""
  child.stderr!.on("data", (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4_000)))
  return new Promise((resolve, reject) => {
    const fail = (why: string) => {
      clearTimeout(timer)
      child.kill("SIGKILL")
      reject(new Error(`instance on port ${port} ${why}\n${stderr}`))
    }
    const timer = setTimeout(() => fail(`did not start within ${START_TIMEOUT_MS / 1000} s`), START_TIMEOUT_MS)
    child.once("exit", (code) => fail(`exited with ${code}`))
    child.stdout!.once("data", () => {
      clearTimeout(timer)
      child.removeAllListeners("exit")
      resolve({ url: `http://127.0.0.1:${port}`, child })
    })
  })
}

/** SIGTERM, then SIGKILL if the process lingers. */
function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve()
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill("SIGKILL"), 5_000)
    child.once("exit", () => {
      clearTimeout(force)
      resolve()
    })
    child.kill("SIGTERM")
  })
}

afterAll(async () => {
  await Promise.all(children.map(stopChild))
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
