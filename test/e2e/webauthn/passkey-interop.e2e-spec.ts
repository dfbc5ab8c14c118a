import type { Server } from "node:http"
import { ExpressAuth } from "@auth/express"
import AuthjsPasskey from "@auth/express/providers/passkey"
import express from "express"
import type pg from "pg"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import type { Adapter } from "../../../lib/index.js"
import { newPool, sharedPostgres, stopBackendServers } from "../../utils/adapter-backends.js"
import { CookieJar } from "../../utils/cookie-jar.js"
import { createDrizzleSchema } from "../../utils/drizzle-schema.js"
import { startApp, type RunningApp } from "../../utils/nest-app.js"
import { SoftAuthenticator } from "../../utils/soft-authenticator.js"
import { drizzleAdapter, PASSKEY_SECRET, PasskeyAppModule } from "./passkey-app.module.js"
import { fetchOptions, postCallback } from "./passkey-client.js"

/** @auth/express with Auth.js's own Passkey provider, on the same database and secret as ours. */
function startAuthjs(adapter: Adapter): Promise<{ url: string; server: Server }> {
  const app = express()
  app.use(
    "/auth",
    ExpressAuth({
      secret: PASSKEY_SECRET,
      trustHost: true,
      adapter: adapter as never,
      providers: [AuthjsPasskey],
      experimental: { enableWebAuthn: true },
      logger: { error: () => {}, warn: () => {} },
    }),
  )
  return new Promise((resolve) => {
    const server = app.listen(0, "127.0.0.1", () => {
      resolve({ url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, server })
    })
  })
}

/**
 * One PostgreSQL database (@auth/drizzle-adapter) and one secret behind two servers: Auth.js's
 * @auth/express and this library. A passkey registered on either signs in on the other, and the
 * challenge cookie one hands out is accepted by the other (same cookie and option formats).
 */
describe("passkeys shared with @auth/express (one database, one secret)", () => {
  let pool: pg.Pool
  let nest: RunningApp
  let authjs: { url: string; server: Server }

  beforeAll(async () => {
    const url = await (await sharedPostgres()).createDatabase("passkey_interop")
    await createDrizzleSchema(url)
    pool = newPool(url)
    nest = await startApp(PasskeyAppModule.with(drizzleAdapter(pool), "database"))
    authjs = await startAuthjs(drizzleAdapter(pool))
  })
  afterAll(async () => {
    await nest?.app.close()
    await new Promise((resolve) => authjs?.server.close(resolve))
    await pool?.end()
    await stopBackendServers()
  })

  const session = async (jar: CookieJar, base: string) => (await jar.fetch(`${base}/auth/session`)).json()

  async function register(base: string, email: string) {
    const device = new SoftAuthenticator(base)
    const jar = new CookieJar()
    const { status, body } = await fetchOptions(jar, base, { action: "register", email })
    expect(status).toBe(200)
    const res = await postCallback(jar, base, "register", device.register(body.options).response)
    expect(res.status).toBe(302)
    expect(await session(jar, base)).toMatchObject({ user: { email } })
    return device
  }

  async function signIn(device: SoftAuthenticator, optionsFrom: string, callbackTo: string) {
    const jar = new CookieJar()
    const { body } = await fetchOptions(jar, optionsFrom, { action: "authenticate" })
    const data = device.authenticate(body.options, undefined, { origin: callbackTo })
    const res = await postCallback(jar, callbackTo, "authenticate", data)
    return { res, jar }
  }

  it("a passkey registered through Auth.js signs in here", async () => {
    const device = await register(authjs.url, "from-authjs@example.com")
    const { res, jar } = await signIn(device, nest.url, nest.url)
    expect(res.status).toBe(302)
    expect(await session(jar, nest.url)).toMatchObject({ user: { email: "from-authjs@example.com" } })
  })

  it("a passkey registered here signs in through Auth.js", async () => {
    const device = await register(nest.url, "from-nest@example.com")
    const { res, jar } = await signIn(device, authjs.url, authjs.url)
    expect(res.status).toBe(302)
    expect(res.headers.get("location")).not.toMatch(/error/)
    expect(await session(jar, authjs.url)).toMatchObject({ user: { email: "from-nest@example.com" } })
    const { rows } = await pool.query(`SELECT counter FROM "authenticator" WHERE "credentialID" = $1`, [
      device.credentials[0]!.id.toString("base64"),
    ])
    expect(rows[0].counter).toBe(1)
  })

  it("each accepts the challenge cookie the other issued (both servers are one site, 127.0.0.1)", async () => {
    const device = await register(nest.url, "cookies@example.com")
    let { res, jar } = await signIn(device, authjs.url, nest.url)
    expect(res.status).toBe(302)
    expect(await session(jar, nest.url)).toMatchObject({ user: { email: "cookies@example.com" } })
    ;({ res, jar } = await signIn(device, nest.url, authjs.url))
    expect(res.headers.get("location")).not.toMatch(/error/)
    expect(await session(jar, authjs.url)).toMatchObject({ user: { email: "cookies@example.com" } })
  })
})
