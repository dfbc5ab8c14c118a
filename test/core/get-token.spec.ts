import { getToken as authjsGetToken } from "@auth/core/jwt"
import { describe, expect, it } from "vitest"
import { MissingSecret } from "../../lib/core/vocabulary/errors.js"
import { decode, encode, getToken } from "../../lib/jwt.js"
import { INTEROP_SECRET, NEW_SECRET, OLD_SECRET } from "../utils/authjs-vectors.js"

const SALT = "authjs.session-token"
const claims = { name: "Alice", sub: "user-1" }

describe("getToken", () => {
  it("reads the session cookie from the Cookie header", async () => {
    const token = await encode({ token: claims, secret: INTEROP_SECRET, salt: SALT })
    const req = { headers: { cookie: `other=1; ${SALT}=${token}` } }
    await expect(getToken({ req, secret: INTEROP_SECRET })).resolves.toMatchObject(claims)
    await expect(authjsGetToken({ req, secret: INTEROP_SECRET })).resolves.toMatchObject(claims)
  })

  it("reads pre-parsed cookies and chunked cookies", async () => {
    const token = await encode({ token: { ...claims, big: "x".repeat(5000) }, secret: INTEROP_SECRET, salt: SALT })
    const cookies = { [`${SALT}.1`]: token.slice(3936), [`${SALT}.0`]: token.slice(0, 3936) }
    await expect(getToken({ req: { headers: {}, cookies }, secret: INTEROP_SECRET })).resolves.toMatchObject(claims)
  })

  it("uses the __Secure- cookie and salt with secureCookie", async () => {
    const name = "__Secure-authjs.session-token"
    const token = await encode({ token: claims, secret: INTEROP_SECRET, salt: name })
    const req = { headers: { cookie: `${name}=${token}` } }
    await expect(getToken({ req, secret: INTEROP_SECRET, secureCookie: true })).resolves.toMatchObject(claims)
    await expect(getToken({ req, secret: INTEROP_SECRET })).resolves.toBeNull()
  })

  it("honours cookieName and salt overrides", async () => {
    const token = await encode({ token: claims, secret: INTEROP_SECRET, salt: "custom-salt" })
    const req = { headers: { cookie: `my-session=${token}` } }
    await expect(getToken({ req, secret: INTEROP_SECRET, cookieName: "my-session", salt: "custom-salt" })).resolves.toMatchObject(claims)
    await expect(getToken({ req, secret: INTEROP_SECRET, cookieName: "my-session" })).resolves.toBeNull()
  })

  it("falls back to a percent-encoded Bearer token", async () => {
    const token = await encode({ token: claims, secret: [NEW_SECRET, OLD_SECRET], salt: SALT })
    const req = { headers: { authorization: `Bearer ${encodeURIComponent(token)}` } }
    await expect(getToken({ req, secret: [OLD_SECRET, NEW_SECRET] })).resolves.toMatchObject(claims)
    await expect(getToken({ req: { headers: { authorization: `Basic ${token}` } }, secret: NEW_SECRET })).resolves.toBeNull()
    await expect(getToken({ req: { headers: { authorization: "Bearer %E0%A4%A" } }, secret: NEW_SECRET })).resolves.toBeNull()
    await expect(getToken({ req: { headers: { authorization: "Bearer" } }, secret: NEW_SECRET })).resolves.toBeNull()
  })

  it("accepts a Web Headers object", async () => {
    const token = await encode({ token: claims, secret: INTEROP_SECRET, salt: SALT })
    const req = { headers: new Headers({ Cookie: `${SALT}=${token}` }) }
    await expect(getToken({ req, secret: INTEROP_SECRET })).resolves.toMatchObject(claims)
  })

  it("returns null for a missing or undecodable token", async () => {
    await expect(getToken({ req: { headers: {} }, secret: INTEROP_SECRET })).resolves.toBeNull()
    await expect(getToken({ req: { headers: { cookie: `${SALT}=garbage` } }, secret: INTEROP_SECRET })).resolves.toBeNull()
    const token = await encode({ token: claims, secret: OLD_SECRET, salt: SALT })
    await expect(getToken({ req: { headers: { cookie: `${SALT}=${token}` } }, secret: NEW_SECRET })).resolves.toBeNull()
  })

  it("returns the raw token without needing a secret", async () => {
    const token = await encode({ token: claims, secret: INTEROP_SECRET, salt: SALT })
    await expect(getToken({ req: { headers: { cookie: `${SALT}=${token}` } }, raw: true })).resolves.toBe(token)
  })

  it("throws MissingSecret when it must decode without a secret", async () => {
    const token = await encode({ token: claims, secret: INTEROP_SECRET, salt: SALT })
    await expect(getToken({ req: { headers: { cookie: `${SALT}=${token}` } } })).rejects.toBeInstanceOf(MissingSecret)
  })

  it("uses a custom decoder when given one", async () => {
    const req = { headers: { cookie: `${SALT}=opaque` } }
    const out = await getToken({ req, secret: "s", decode: ({ token, salt }) => ({ sub: `${token}@${salt}` }) })
    expect(out).toEqual({ sub: `opaque@${SALT}` })
    await expect(decode({ token: "opaque", secret: "s", salt: SALT })).rejects.toThrow()
  })
})
