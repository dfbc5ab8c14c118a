import { Inject, Injectable, Optional } from "@nestjs/common"
import type { OnApplicationBootstrap, OnApplicationShutdown } from "@nestjs/common"
import { HttpAdapterHost } from "@nestjs/core"
import type { IncomingMessage } from "node:http"
import { HANDSHAKE_REQUEST } from "./execution-context.js"

interface UpgradeEmitter {
  listenerCount(event: string): number
  prependListener(event: string, listener: (...args: any[]) => void): unknown
  removeListener(event: string, listener: (...args: any[]) => void): unknown
}

/** Keeps each upgrade request on its socket, where `requestOf` finds it for a `ws` client. */
function recordHandshake(req: IncomingMessage, socket: object): void {
  Object.defineProperty(socket, HANDSHAKE_REQUEST, { value: req, configurable: true })
}

/**
 * Lets `AuthGuard` and `@Session()` read the handshake cookie of gateways served by
 * `@nestjs/platform-ws` on the app's own HTTP server. (socket.io keeps the handshake itself.)
 *
 * It listens only when a WebSocket adapter already does: with a listener of ours alone, Node would
 * hand upgrade requests to nobody instead of answering them as plain HTTP.
 */
@Injectable()
export class WsHandshakeRecorder implements OnApplicationBootstrap, OnApplicationShutdown {
  private server: UpgradeEmitter | undefined

  constructor(@Optional() @Inject(HttpAdapterHost) private readonly adapterHost?: HttpAdapterHost) {}

  onApplicationBootstrap(): void {
    const server: unknown = this.adapterHost?.httpAdapter?.getHttpServer?.()
    if (!isUpgradeEmitter(server) || server.listenerCount("upgrade") === 0) return
    server.prependListener("upgrade", recordHandshake)
    this.server = server
  }

  onApplicationShutdown(): void {
    this.server?.removeListener("upgrade", recordHandshake)
    this.server = undefined
  }
}

function isUpgradeEmitter(value: unknown): value is UpgradeEmitter {
  const candidate = value as Partial<UpgradeEmitter> | null | undefined
  return typeof candidate?.listenerCount === "function" && typeof candidate.prependListener === "function"
}
