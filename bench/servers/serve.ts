import "reflect-metadata"
import type { Server } from "node:http"
import type { AddressInfo } from "node:net"
import { NestFactory } from "@nestjs/core"
import type { AbstractHttpAdapter } from "@nestjs/core"
import type { INestApplication } from "@nestjs/common"

/** With --expose-gc, SIGUSR2 runs a full collection and says so: the RSS phase samples retained memory. */
const gc = (globalThis as { gc?: () => void }).gc
if (gc) {
  process.on("SIGUSR2", () => {
    gc()
    process.stdout.write(`${JSON.stringify({ gc: true })}\n`)
  })
}

/** Tells the orchestrator (our parent) the port and how long boot took since the process started. */
export function announce(server: Server): void {
  const { port } = server.address() as AddressInfo
  process.stdout.write(`${JSON.stringify({ ready: true, port, bootMs: performance.now() })}\n`)
}

/** A server never lives longer than this, whatever happens to the orchestrator. */
const MAX_LIFETIME_MS = 30 * 60 * 1000

/** Ends the process when the orchestrator says so or goes away (our stdin closes), so no server outlives a run. */
export function exitWith(close: () => Promise<unknown> | unknown): void {
  const stop = () => void Promise.resolve(close()).finally(() => process.exit(0))
  process.once("SIGTERM", stop)
  process.once("SIGINT", stop)
  process.stdin.once("end", stop).resume()
  setTimeout(stop, MAX_LIFETIME_MS).unref()
}

/**
 * Boots a Nest app on 127.0.0.1 with a random port, logging off (logging would dominate the cost).
 * On Express unless given another HTTP adapter (the Fastify rows pass a `FastifyAdapter`).
 */
export async function serveNest(module: unknown, setup?: (app: INestApplication) => void, adapter?: AbstractHttpAdapter): Promise<void> {
  const app = adapter
    ? await NestFactory.create(module as never, adapter, { logger: false })
    : await NestFactory.create(module as never, { logger: false })
  setup?.(app)
  await app.listen(0, "127.0.0.1")
  exitWith(() => app.close())
  announce(app.getHttpServer() as Server)
}
