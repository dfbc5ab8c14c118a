// The limits cost nothing where no one signs in: guarded routes and session reads never reach the store.
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import type { LimitStore } from "../../../lib/core/vocabulary/limits.js"
import { startApp, type RunningApp } from "../../utils/nest-app.js"
import { csrf, send, sessionCookie } from "./attack-client.js"
import { credentialsApp, PASSWORDS } from "./credentials-app.js"

describe("sign-in limits and session reads", () => {
  const calls: string[] = []
  const store: LimitStore = {
    increment: async (key) => (calls.push(`increment ${key}`), { count: 1, resetMs: 60_000 }),
    decrement: async (key) => void calls.push(`decrement ${key}`),
    reset: async (key) => void calls.push(`reset ${key}`),
  }
  let running: RunningApp

  beforeAll(async () => {
    running = await startApp(credentialsApp({ store }, { events: [], warnings: [] }))
  })
  afterAll(async () => {
    await running?.app.close()
  })

  it("counts the sign-in, then never touches the store on guarded routes or session reads", async () => {
    const base = `${running.url}/auth`
    const form = await csrf(base)
    const signedIn = await send("POST", `${base}/callback/credentials`, {
      csrfToken: form.csrfToken, email: "other@example.com", password: PASSWORDS["other@example.com"]!,
    }, { cookie: form.cookie })
    const session = sessionCookie(signedIn)!.split(";")[0]!
    // Reserved per client and per account, then given back and cleared by the success.
    expect(calls.map((call) => call.split(" ")[0])).toEqual(["increment", "increment", "decrement", "reset"])

    calls.length = 0
    for (let i = 0; i < 10; i++) {
      expect((await send("GET", `${running.url}/profile`, undefined, { cookie: session })).status).toBe(200)
      expect((await send("GET", `${base}/session`, undefined, { cookie: session })).status).toBe(200)
    }
    expect(calls).toEqual([])
  })
})
