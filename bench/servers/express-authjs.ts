// Anchor: plain Express, and the same route behind @auth/express's getSession.
import type { Server } from "node:http"
import { getSession } from "@auth/express"
import Credentials from "@auth/express/providers/credentials"
import express from "express"
import { BENCH_SECRET, benchUser, greeting } from "../fixtures.js"
import { announce, exitWith } from "./serve.js"

const config = {
  secret: BENCH_SECRET,
  trustHost: true,
  providers: [Credentials({ credentials: { email: {} }, authorize: async () => null })],
}

const app = express()
app.get("/plain", (_req, res) => {
  res.json(greeting(benchUser.name))
})
app.get("/guarded", async (req, res, next) => {
  try {
    const session = await getSession(req, config)
    if (!session) {
      res.status(401).json({ message: "Unauthorized" })
      return
    }
    res.json(greeting(session.user?.name))
  } catch (error) {
    next(error)
  }
})

const server: Server = app.listen(0, "127.0.0.1", () => {
  exitWith(() => new Promise((resolve) => server.close(resolve)))
  announce(server)
})
