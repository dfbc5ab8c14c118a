// The in-process micro-benchmark: one session check (or decode) after another, ops/s. The
// orchestrator runs this file as a child pinned to the server core and reads one JSON line.
import "reflect-metadata"
import { getSession as authjsGetSession } from "@auth/express"
import Credentials from "@auth/express/providers/credentials"
import { decode as authjsDecode } from "@auth/core/jwt"
import { Module } from "@nestjs/common"
import { NestFactory } from "@nestjs/core"
import { Redis } from "ioredis"
import { jwtDecrypt } from "jose"
import { decode } from "../lib/core/jwt/encode-decode.js"
import { deriveSessionKey } from "../lib/core/jwt/derive-key.js"
import { AuthModule, AuthService, MemoryRevocationStore, RedisRevocationStore } from "../lib/index.js"
import type { HttpRequest } from "../lib/index.js"
import CredentialsProvider from "../lib/providers/credentials.js"
import { BENCH_SECRET, SESSION_COOKIE, browserCookieHeader, sessionJwt } from "./fixtures.js"
import { median, roundOrder } from "./http.js"
import { freePort } from "../test/utils/free-port.js"
import { redisAvailability, startRedisOn, type RestartableRedis } from "../test/utils/redis.js"

export interface MicroResult {
  id: string
  label: string
  opsPerSecond: number
  /** µs per operation (1e6 / ops/s). */
  microseconds: number
  rounds: number[]
}

interface Case {
  id: string
  label: string
  /** One operation; resolves to the user name it read, checked before timing. */
  op: () => Promise<unknown>
}

const ROUND_MS = Number(process.env.BENCH_MICRO_ROUND_MS ?? 1000)
const ROUNDS = Number(process.env.BENCH_MICRO_ROUNDS ?? 5)

/** What a browser's GET carries besides the cookie, so header handling costs what it costs. */
function browserRequest(cookie: string): HttpRequest {
  return {
    method: "GET",
    protocol: "http",
    headers: {
      host: "127.0.0.1:3000",
      connection: "keep-alive",
      "user-agent": "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36",
      accept: "application/json, text/plain, */*",
      "accept-encoding": "gzip, deflate, br",
      "accept-language": "en-GB,en;q=0.9",
      cookie,
    },
  }
}

async function opsPerSecond(op: () => Promise<unknown>, ms: number): Promise<number> {
  let ops = 0
  const start = performance.now()
  let elapsed = 0
  do {
    for (let i = 0; i < 50; i++) await op()
    ops += 50
    elapsed = performance.now() - start
  } while (elapsed < ms)
  return (ops * 1000) / elapsed
}

/** An app context whose AuthService checks `session.revocation` in the given store. */
async function revocationService(store: Parameters<typeof RedisRevocationStore>[0] | "memory") {
  @Module({
    imports: [
      AuthModule.forRoot({
        secret: BENCH_SECRET,
        trustHost: true,
        session: { revocation: store === "memory" ? MemoryRevocationStore() : RedisRevocationStore(store) },
        providers: [CredentialsProvider({ credentials: { email: {} }, authorize: async () => null })],
      }),
    ],
  })
  class RevocationModule {}
  const app = await NestFactory.createApplicationContext(RevocationModule, { logger: false })
  return { app, service: app.get(AuthService) }
}

async function main(): Promise<void> {
  const token = await sessionJwt()
  const cookie = browserCookieHeader(token)
  const key = deriveSessionKey(BENCH_SECRET, SESSION_COOKIE, "A256CBC-HS512").bytes

  @Module({
    imports: [
      AuthModule.forRoot({
        secret: BENCH_SECRET,
        trustHost: true,
        providers: [CredentialsProvider({ credentials: { email: {} }, authorize: async () => null })],
      }),
    ],
  })
  class MicroModule {}
  const app = await NestFactory.createApplicationContext(MicroModule, { logger: false })
  const service = app.get(AuthService)

  // The same with jwt.decodeCache off: each read decrypts, as for a cookie not seen before.
  @Module({
    imports: [
      AuthModule.forRoot({
        secret: BENCH_SECRET,
        trustHost: true,
        jwt: { decodeCache: false },
        providers: [CredentialsProvider({ credentials: { email: {} }, authorize: async () => null })],
      }),
    ],
  })
  class UncachedModule {}
  const uncachedApp = await NestFactory.createApplicationContext(UncachedModule, { logger: false })
  const uncached = uncachedApp.get(AuthService)
  // The same with session.revocation ("sign out everywhere" for JWT sessions): one store lookup per read,
  // in memory, and in a redis-server of its own on 127.0.0.1 (one GET; it shares this process's core).
  const memoryRevocation = await revocationService("memory")
  let redisServer: RestartableRedis | undefined
  let redis: Redis | undefined
  if (redisAvailability.available) {
    redisServer = await startRedisOn(await freePort())
    redis = new Redis(redisServer.url, { maxRetriesPerRequest: 1 })
  }
  const redisRevocation = redis && (await revocationService(redis))
  const authjsConfig = {
    secret: BENCH_SECRET,
    trustHost: true,
    providers: [Credentials({ credentials: { email: {} }, authorize: async () => null })],
  }
  const params = { token, secret: BENCH_SECRET, salt: SESSION_COOKIE }

  const cases: Case[] = [
    // A fresh request object each time, as in a server: the per-request cache must not help.
    { id: "authservice-getsession", label: "nestjs-authjs AuthService.getSession", op: async () => (await service.getSession(browserRequest(cookie)))?.user?.name },
    { id: "authservice-getsession-no-cache", label: "nestjs-authjs AuthService.getSession, jwt.decodeCache off", op: async () => (await uncached.getSession(browserRequest(cookie)))?.user?.name },
    { id: "authservice-getsession-revocation", label: "nestjs-authjs AuthService.getSession, session.revocation (MemoryRevocationStore)", op: async () => (await memoryRevocation.service.getSession(browserRequest(cookie)))?.user?.name },
    ...(redisRevocation
      ? [{ id: "authservice-getsession-revocation-redis", label: "nestjs-authjs AuthService.getSession, session.revocation (RedisRevocationStore, local redis-server)", op: async () => (await redisRevocation.service.getSession(browserRequest(cookie)))?.user?.name }]
      : []),
    { id: "nestjs-authjs-decode", label: "nestjs-authjs decode (nestjs-authjs/jwt)", op: async () => (await decode(params))?.name },
    { id: "jose-jwtdecrypt", label: "jose jwtDecrypt, key derived once", op: async () => (await jwtDecrypt(token, key, { clockTolerance: 15 })).payload.name },
    { id: "authjs-core-decode", label: "@auth/core decode", op: async () => (await authjsDecode(params))?.name },
    { id: "authjs-express-getsession", label: "@auth/express getSession", op: async () => (await authjsGetSession(browserRequest(cookie) as never, authjsConfig as never))?.user?.name },
  ]
  for (const c of cases) {
    const name = await c.op()
    if (name !== "Bench User") throw new Error(`${c.id} read ${String(name)}, not the bench user`)
    await opsPerSecond(c.op, ROUND_MS / 2)
  }
  const perCase = new Map<string, number[]>(cases.map((c) => [c.id, []]))
  for (let round = 0; round < ROUNDS; round++) {
    for (const c of roundOrder(cases, round)) perCase.get(c.id)!.push(await opsPerSecond(c.op, ROUND_MS))
  }
  await app.close()
  await uncachedApp.close()
  await memoryRevocation.app.close()
  await redisRevocation?.app.close()
  redis?.disconnect()
  await redisServer?.stop()
  const results: MicroResult[] = cases.map((c) => {
    const rounds = perCase.get(c.id)!
    const ops = median(rounds)
    return { id: c.id, label: c.label, opsPerSecond: ops, microseconds: 1e6 / ops, rounds }
  })
  process.stdout.write(`${JSON.stringify(results)}\n`)
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
