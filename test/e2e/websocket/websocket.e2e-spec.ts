import type { INestApplicationContext, WebSocketAdapter } from "@nestjs/common"
import { IoAdapter } from "@nestjs/platform-socket.io"
import { WsAdapter } from "@nestjs/platform-ws"
import { io } from "socket.io-client"
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest"
import WebSocket from "ws"
import { createTestSession } from "../../../lib/testing.js"
import { startApp, type RunningApp } from "../../utils/nest-app.js"
import { websocketModule } from "./app.module.js"

const alice = { id: "u-alice", name: "Alice", email: "alice@example.com" }
const admin = { id: "u-admin", name: "Ada", email: "ada@example.com", role: "admin" }
const WAIT_MS = 5_000

interface Message {
  event: string
  data: unknown
}

/** The same small client over either transport: send events, await the next one, see how it closed. */
interface TestClient {
  send(event: string, data?: unknown): void
  next(event: string): Promise<unknown>
  /** Resolves when the server ends the connection: a close code and reason (ws) or socket.io's reason. */
  closed: Promise<{ code?: number; reason: string }>
  close(): void
}

function within<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), WAIT_MS)
  })
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer))
}

/** Collects messages; `next(event)` takes the oldest unread one of that event. */
function inbox() {
  const messages: Message[] = []
  const waiters: Array<{ event: string; resolve: (data: unknown) => void }> = []
  return {
    push(message: Message) {
      const waiter = waiters.findIndex((w) => w.event === message.event)
      if (waiter === -1) messages.push(message)
      else waiters.splice(waiter, 1)[0]!.resolve(message.data)
    },
    next(event: string): Promise<unknown> {
      const index = messages.findIndex((m) => m.event === event)
      if (index !== -1) return Promise.resolve(messages.splice(index, 1)[0]!.data)
      return within(new Promise((resolve) => waiters.push({ event, resolve })), `"${event}"`)
    },
  }
}

async function wsClient(url: string, cookie?: string): Promise<TestClient> {
  const socket = new WebSocket(url.replace(/^http/, "ws"), { headers: cookie ? { cookie } : {} })
  const messages = inbox()
  socket.on("message", (raw) => messages.push(JSON.parse(String(raw)) as Message))
  const closed = new Promise<{ code?: number; reason: string }>((resolve) =>
    socket.on("close", (code, reason) => resolve({ code, reason: reason.toString() })),
  )
  await within(new Promise((resolve, reject) => socket.once("open", resolve).once("error", reject)), "the ws handshake")
  return {
    send: (event, data = {}) => socket.send(JSON.stringify({ event, data })),
    next: messages.next,
    closed,
    close: () => socket.terminate(),
  }
}

async function ioClient(url: string, cookie?: string): Promise<TestClient> {
  const socket = io(url, { extraHeaders: cookie ? { cookie } : {}, reconnection: false, timeout: WAIT_MS })
  const messages = inbox()
  socket.onAny((event: string, data: unknown) => messages.push({ event, data }))
  const closed = new Promise<{ reason: string }>((resolve) => socket.on("disconnect", (reason) => resolve({ reason })))
  await within(
    new Promise((resolve, reject) => socket.once("connect", () => resolve(undefined)).once("connect_error", reject)),
    "the socket.io handshake",
  )
  return {
    send: (event, data = {}) => void socket.emit(event, data),
    next: messages.next,
    closed,
    close: () => void socket.disconnect(),
  }
}

describe.each([
  {
    adapter: "ws (@nestjs/platform-ws)",
    create: (app: INestApplicationContext): WebSocketAdapter => new WsAdapter(app),
    connect: wsClient,
    /** How each adapter ends a connection without a session. */
    unauthenticated: { code: 4401, reason: "Unauthorized" },
  },
  {
    adapter: "socket.io (@nestjs/platform-socket.io)",
    create: (app: INestApplicationContext): WebSocketAdapter => new IoAdapter(app),
    connect: ioClient,
    unauthenticated: { reason: "io server disconnect" },
  },
])("AuthGuard on a WebSocket gateway, $adapter", ({ create, connect, unauthenticated }) => {
  let running: RunningApp
  const clients: TestClient[] = []
  const errors: Error[] = []

  beforeAll(async () => {
    const module = websocketModule({ logger: { error: (e) => void errors.push(e) } })
    running = await startApp(module, (app) => app.useWebSocketAdapter(create(app)))
  })
  afterEach(() => {
    for (const client of clients.splice(0)) client.close()
    errors.length = 0
  })
  afterAll(async () => {
    await running?.app.close()
  })

  async function open(user?: object, cookie?: string): Promise<TestClient> {
    const header = user ? (await createTestSession(running.app, user)).cookie : cookie
    const client = await connect(running.url, header)
    clients.push(client)
    return client
  }

  it("reads the session from the handshake cookie, for the guard and @Session()", async () => {
    const client = await open(alice)
    client.send("whoami")
    expect(await client.next("whoami")).toBe(alice.email)
    client.send("whoami")
    expect(await client.next("whoami")).toBe(alice.email)
  })

  it("closes a connection without a session cookie when it sends a guarded message, with a reason", async () => {
    const client = await open()
    client.send("whoami")
    expect(await within(client.closed, "the close")).toEqual(unauthenticated)
  })

  it("closes a connection whose cookie is garbage the same way", async () => {
    const client = await open(undefined, "authjs.session-token=eyJnot.a.jwe.at.all")
    client.send("whoami")
    expect(await within(client.closed, "the close")).toEqual(unauthenticated)
    expect(errors.map((e) => e.name)).not.toContain("AuthorizationCheckError")
  })

  it("serves @Public() handlers without a session, and gives them the session when there is one", async () => {
    const anonymous = await open()
    anonymous.send("hello")
    expect(await anonymous.next("hello")).toBe("stranger")
    const signedIn = await open(alice)
    signedIn.send("hello")
    expect(await signedIn.next("hello")).toBe(alice.email)
  })

  it("refuses a message the user's roles do not allow with a Forbidden exception, and keeps the socket open", async () => {
    const client = await open(alice)
    client.send("shutdown")
    expect(await client.next("exception")).toMatchObject({ status: "error", message: "Forbidden resource" })
    client.send("whoami")
    expect(await client.next("whoami")).toBe(alice.email)
    const adminClient = await open(admin)
    adminClient.send("shutdown")
    expect(await adminClient.next("shutdown")).toBe("scheduled")
  })

  it("runs @Authorize() predicates on the message", async () => {
    const client = await open(alice)
    client.send("join", { room: alice.email })
    expect(await client.next("join")).toBe(alice.email)
    client.send("join", { room: admin.email })
    expect(await client.next("exception")).toMatchObject({ status: "error", message: "Forbidden resource" })
  })

  it("refuses when a predicate throws, and logs its error once", async () => {
    const client = await open(alice)
    client.send("fragile")
    expect(await client.next("exception")).toMatchObject({ status: "error", message: "Forbidden resource" })
    expect(errors.map((e) => [e.name, (e.cause as Error).message])).toEqual([["AuthorizationCheckError", "policy exploded"]])
  })
})

describe("AuthGuard on a WebSocket gateway, a session that has expired since the handshake", () => {
  let running: RunningApp
  beforeAll(async () => {
    // The session callback dates the session in the past: HTTP would not look again, a socket must.
    const module = websocketModule({ callbacks: { session: ({ session }) => ({ ...session, expires: "2000-01-01T00:00:00.000Z" }) } })
    running = await startApp(module, (app) => app.useWebSocketAdapter(new WsAdapter(app)))
  })
  afterAll(async () => {
    await running?.app.close()
  })

  it("closes the connection as unauthenticated", async () => {
    const { cookie } = await createTestSession(running.app, alice)
    const client = await wsClient(running.url, cookie)
    try {
      client.send("whoami")
      expect(await within(client.closed, "the close")).toEqual({ code: 4401, reason: "Unauthorized" })
    } finally {
      client.close()
    }
  })
})
