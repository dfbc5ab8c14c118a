import { describe, expect, it } from "vitest"
import { resolveProviders } from "../../lib/core/config/providers.js"
import type { InternalCredentialsProvider } from "../../lib/core/config/types.js"
import Credentials from "../../lib/providers/credentials.js"

const request = new Request("http://localhost:3000/auth/callback/credentials", { method: "POST" })

describe("Credentials", () => {
  it("defaults to id credentials, name Credentials, no fields and a refusing authorize", async () => {
    const [provider] = resolveProviders([Credentials], {}) as InternalCredentialsProvider[]
    expect(provider).toMatchObject({ id: "credentials", name: "Credentials", type: "credentials", credentials: {} })
    expect(await provider?.authorize({}, request)).toBeNull()
  })

  it("takes the user's id, name, fields and authorize", async () => {
    const authorize = async (c: Partial<Record<"username" | "password", unknown>>) =>
      c.username === "alice" && c.password === "wonderland" ? { id: "1", name: "Alice" } : null
    const [provider] = resolveProviders(
      [
        Credentials({
          id: "password",
          name: "Password",
          credentials: { username: { label: "Username" }, password: { label: "Password", type: "password" } },
          authorize,
        }),
      ],
      {},
    ) as InternalCredentialsProvider[]
    expect(provider).toMatchObject({
      id: "password",
      name: "Password",
      credentials: { username: { label: "Username" }, password: { label: "Password", type: "password" } },
    })
    expect(await provider?.authorize({ username: "alice", password: "wonderland" }, request)).toEqual({
      id: "1",
      name: "Alice",
    })
    expect(await provider?.authorize({ username: "alice", password: "nope" }, request)).toBeNull()
  })

  it("keeps the factory's result plain: defaults plus the user's options", () => {
    const config = Credentials({ name: "Mine" })
    expect(config).toMatchObject({ id: "credentials", name: "Credentials", type: "credentials", options: { name: "Mine" } })
  })
})
