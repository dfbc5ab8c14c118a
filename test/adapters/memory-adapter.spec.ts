import { describe, expect, it } from "vitest"
import { MemoryAdapter } from "../../lib/index.js"

const alice = { id: "u1", name: "Alice", email: "alice@example.com", emailVerified: null, image: null }
const account = { userId: "u1", type: "oidc" as const, provider: "corp", providerAccountId: "sub-1", access_token: "at" }

describe("MemoryAdapter", () => {
  it("stores users and finds them by id, email and account", async () => {
    const adapter = MemoryAdapter()
    expect(await adapter.createUser(alice)).toEqual(alice)
    await adapter.linkAccount(account)
    expect(await adapter.getUser("u1")).toEqual(alice)
    expect(await adapter.getUserByEmail("alice@example.com")).toEqual(alice)
    expect(await adapter.getUserByAccount({ provider: "corp", providerAccountId: "sub-1" })).toEqual(alice)
    expect(await adapter.getAccount("sub-1", "corp")).toEqual(account)
    expect(await adapter.getUser("nobody")).toBeNull()
    expect(await adapter.getUserByEmail("nobody@example.com")).toBeNull()
    expect(await adapter.getUserByAccount({ provider: "other", providerAccountId: "sub-1" })).toBeNull()
  })

  it("gives an id to a user created without one", async () => {
    const adapter = MemoryAdapter()
    const user = await adapter.createUser({ ...alice, id: "" })
    expect(user.id).toMatch(/^[0-9a-f-]{36}$/)
    expect(await adapter.getUser(user.id)).toEqual(user)
  })

  it("returns copies: changing a returned object changes nothing stored", async () => {
    const adapter = MemoryAdapter()
    const created = await adapter.createUser(alice)
    created.name = "Mallory"
    const expires = new Date(Date.now() + 60_000)
    const session = await adapter.createSession({ sessionToken: "t", userId: "u1", expires })
    session.expires.setTime(0)
    expires.setTime(0)
    const found = await adapter.getSessionAndUser("t")
    expect(found!.user.name).toBe("Alice")
    expect(found!.session.expires.valueOf()).toBeGreaterThan(Date.now())
  })

  it("updates users and sessions, and deletes sessions", async () => {
    const adapter = MemoryAdapter()
    await adapter.createUser(alice)
    expect(await adapter.updateUser({ id: "u1", name: "Alicia" })).toMatchObject({ name: "Alicia", email: alice.email })
    await expect(async () => adapter.updateUser({ id: "ghost", name: "x" })).rejects.toThrow(/ghost/)
    const later = new Date(Date.now() + 120_000)
    await adapter.createSession({ sessionToken: "t", userId: "u1", expires: new Date() })
    expect(await adapter.updateSession({ sessionToken: "t", expires: later })).toMatchObject({ expires: later })
    expect(await adapter.updateSession({ sessionToken: "none", expires: later })).toBeNull()
    expect(await adapter.deleteSession("t")).toMatchObject({ sessionToken: "t" })
    expect(await adapter.getSessionAndUser("t")).toBeNull()
  })

  it("hands out a verification token once", async () => {
    const adapter = MemoryAdapter()
    const token = { identifier: "alice@example.com", token: "hashed", expires: new Date(Date.now() + 60_000) }
    await adapter.createVerificationToken(token)
    expect(await adapter.useVerificationToken({ identifier: token.identifier, token: "other" })).toBeNull()
    expect(await adapter.useVerificationToken({ identifier: token.identifier, token: "hashed" })).toEqual(token)
    expect(await adapter.useVerificationToken({ identifier: token.identifier, token: "hashed" })).toBeNull()
  })

  it("unlinks accounts, and deleting a user removes their accounts, sessions and authenticators", async () => {
    const adapter = MemoryAdapter()
    await adapter.createUser(alice)
    await adapter.linkAccount(account)
    await adapter.linkAccount({ ...account, provider: "partner" })
    await adapter.unlinkAccount({ provider: "partner", providerAccountId: "sub-1" })
    expect(await adapter.getAccount("sub-1", "partner")).toBeNull()
    await adapter.createSession({ sessionToken: "t", userId: "u1", expires: new Date(Date.now() + 60_000) })
    const authenticator = {
      credentialID: "cred", userId: "u1", providerAccountId: "cred", counter: 0, credentialBackedUp: false,
      credentialPublicKey: "pk", credentialDeviceType: "singleDevice",
    }
    await adapter.createAuthenticator(authenticator)
    expect(await adapter.updateAuthenticatorCounter("cred", 5)).toMatchObject({ counter: 5 })
    expect(await adapter.listAuthenticatorsByUserId("u1")).toHaveLength(1)
    expect(await adapter.getAuthenticator("cred")).toMatchObject({ counter: 5 })

    await adapter.deleteUser("u1")
    expect(await adapter.getUser("u1")).toBeNull()
    expect(await adapter.getAccount("sub-1", "corp")).toBeNull()
    expect(await adapter.getSessionAndUser("t")).toBeNull()
    expect(await adapter.listAuthenticatorsByUserId("u1")).toEqual([])
  })

  it("keeps separate stores per call", async () => {
    const a = MemoryAdapter()
    const b = MemoryAdapter()
    await a.createUser(alice)
    expect(await b.getUser("u1")).toBeNull()
  })
})
