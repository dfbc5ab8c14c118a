import { describe, expect, it } from "vitest"
import { resolveConfig } from "../../lib/core/config/resolve.js"
import { secretsFromEnv, trustHostFromEnv } from "../../lib/core/config/env.js"
import { AUTH_SECRET, aliceCredentials, recordingLogger } from "../utils/test-config.js"

const base = { providers: [aliceCredentials], logger: recordingLogger().logger }

describe("env defaults", () => {
  it("orders AUTH_SECRET_3..1 before AUTH_SECRET, and prefers the configured secret", () => {
    expect(secretsFromEnv(undefined, { AUTH_SECRET: "a", AUTH_SECRET_1: "b", AUTH_SECRET_2: "c", AUTH_SECRET_3: "d" })).toEqual(["d", "c", "b", "a"])
    expect(secretsFromEnv("mine", { AUTH_SECRET: "env" })).toEqual(["mine"])
    expect(secretsFromEnv([], { AUTH_SECRET: "env" })).toEqual(["env"])
  })

  it("reads trustHost like Auth.js (a non-empty value other than false/0 trusts; production without env does not)", () => {
    expect(trustHostFromEnv(undefined, { AUTH_TRUST_HOST: "false" }).trustHost).toBe(false)
    expect(trustHostFromEnv(undefined, { AUTH_TRUST_HOST: "" }).trustHost).toBe(false)
    expect(trustHostFromEnv(undefined, { NODE_ENV: "production" }).trustHost).toBe(false)
    expect(trustHostFromEnv(undefined, {}).trustHost).toBe(true)
    expect(trustHostFromEnv(false, { AUTH_TRUST_HOST: "1" }).trustHost).toBe(false)
  })
})

describe("resolveConfig", () => {
  it("fails without a secret, naming the fix", () => {
    expect(() => resolveConfig({ ...base }, {})).toThrow(/AUTH_SECRET/)
  })

  it("fails in production without AUTH_URL or AUTH_TRUST_HOST, naming the fix", () => {
    expect(() => resolveConfig({ ...base, secret: AUTH_SECRET }, { NODE_ENV: "production" })).toThrow(/AUTH_URL|AUTH_TRUST_HOST/)
    expect(() => resolveConfig({ ...base, secret: AUTH_SECRET }, { NODE_ENV: "production", AUTH_URL: "https://x.example" })).not.toThrow()
  })

  it("rejects the database strategy without an adapter, and with only credentials", () => {
    expect(() => resolveConfig({ ...base, secret: AUTH_SECRET, session: { strategy: "database" } }, {})).toThrow(/adapter|credentials/)
  })

  it("rejects option type mistakes with dotted paths", () => {
    expect(() => resolveConfig({ ...base, secret: AUTH_SECRET, session: { maxAge: -1 } }, {})).toThrow(/session\.maxAge/)
    expect(() => resolveConfig({ ...base, secret: AUTH_SECRET, callbacks: { jwt: 1 as any } }, {})).toThrow(/callbacks\.jwt/)
    expect(() => resolveConfig({ ...base, secret: AUTH_SECRET, basePath: "auth" }, {})).toThrow(/basePath/)
    expect(() => resolveConfig({ secret: AUTH_SECRET } as any, {})).toThrow(/providers/)
  })

  it("defaults as Auth.js does and joins array secrets with commas for CSRF hashing", () => {
    const config = resolveConfig({ ...base, secret: ["new", "old"] }, {})
    expect(config.session).toMatchObject({ strategy: "jwt", maxAge: 2592000, updateAge: 86400 })
    expect(config.jwt.maxAge).toBe(2592000)
    expect(config.basePath).toBe("/auth")
    expect(config.secretString).toBe("new,old")
    expect(config.cookies.plain.sessionToken.name).toBe("authjs.session-token")
    expect(config.cookies.secure.csrfToken.name).toBe("__Host-authjs.csrf-token")
  })

  it("does not mutate the user's config and freezes the result", () => {
    const user = { ...base, secret: AUTH_SECRET, callbacks: {} }
    const snapshot = JSON.stringify(user)
    const config = resolveConfig(user, {})
    expect(JSON.stringify(user)).toBe(snapshot)
    expect(Object.isFrozen(config)).toBe(true)
  })

  it("renames the session cookie (and so the JWT salt) through cookies.sessionToken.name", () => {
    const config = resolveConfig({ ...base, secret: AUTH_SECRET, cookies: { sessionToken: { name: "sid" } } }, {})
    expect(config.cookies.plain.sessionToken.name).toBe("sid")
    expect(config.cookies.secure.sessionToken.name).toBe("sid")
  })
})
