import type { ExecutionContext } from "@nestjs/common"
import type { IncomingHttpHeaders } from "node:http"
import { isRecord } from "../core/records.js"
import type { HttpRequest } from "./http-bridge.js"

/**
 * Where the `ws` adapter's upgrade request is kept on the connection's socket (see
 * ws-handshake.recorder.ts): a `ws` WebSocket keeps no reference to the request that opened it.
 */
export const HANDSHAKE_REQUEST: unique symbol = Symbol.for("nestjs-authjs.handshake-request")
const HANDSHAKE_VIEW: unique symbol = Symbol.for("nestjs-authjs.handshake-view")

/** Node's `IncomingMessage`, as far as reading a session goes. */
interface IncomingRequest {
  method?: string
  url?: string
  headers: IncomingHttpHeaders
  socket?: { encrypted?: boolean } | null
  [HANDSHAKE_VIEW]?: HttpRequest
}

/**
 * The request that carries this call's credentials, whatever the transport:
 * - `http`: the Express request;
 * - `graphql`: the `req` of the GraphQL context (`getArgByIndex(2)`, which is all that
 *   `GqlExecutionContext` does, so `@nestjs/graphql` is never imported);
 * - `ws`: the handshake that opened the socket (socket.io's `client.request`, or the upgrade request
 *   the recorder kept for a `ws` client), one object for the connection's life.
 *
 * Undefined for other transports (microservices) and unknown handshakes: no session there.
 */
export function requestOf(context: ExecutionContext): HttpRequest | undefined {
  // getArgByIndex rather than switchToHttp()/switchToWs(), which make closures on every call.
  const type = context.getType<string>()
  if (type === "http") return context.getArgByIndex<HttpRequest>(0)
  if (type === "graphql") return graphqlRequest(context.getArgByIndex(2))
  if (type === "ws") return handshakeOf(context.getArgByIndex(0))
  return undefined
}

/**
 * Nest's Apollo driver puts the platform's request at `req` of the context: Express's, or on Fastify
 * (`@as-integrations/fastify`) the `FastifyRequest`, whose `protocol` makes it usable as it is.
 * graphql-ws subscriptions carry the upgrade request at `extra.request` of graphql-ws's context,
 * which the driver also puts at `req`; on both platforms that is Node's `IncomingMessage`.
 */
function graphqlRequest(gqlContext: unknown): HttpRequest | undefined {
  if (!isRecord(gqlContext)) return undefined
  const { req } = gqlContext
  const found = isIncoming(req) ? req : (upgradeRequestOf(gqlContext) ?? (isRecord(req) ? upgradeRequestOf(req) : undefined))
  return found && graphqlView(found)
}

function upgradeRequestOf(wsContext: Record<PropertyKey, unknown>): IncomingRequest | undefined {
  const request = isRecord(wsContext.extra) ? wsContext.extra.request : undefined
  return isIncoming(request) ? request : undefined
}

function graphqlView(req: IncomingRequest): HttpRequest {
  return typeof (req as { protocol?: unknown }).protocol === "string" ? (req as unknown as HttpRequest) : viewOf(req)
}

function handshakeOf(client: unknown): HttpRequest | undefined {
  if (!isRecord(client)) return undefined
  // socket.io keeps the handshake request; for `ws` the recorder put it on the socket.
  const socket = client._socket
  const incoming = isIncoming(client.request)
    ? client.request
    : isRecord(socket)
      ? (socket as { [HANDSHAKE_REQUEST]?: unknown })[HANDSHAKE_REQUEST]
      : undefined
  return isIncoming(incoming) ? viewOf(incoming) : undefined
}

/**
 * A request-shaped view of a handshake, made once per connection and kept on it, so that
 * `AuthService` reads the session once per connection rather than once per message.
 */
function viewOf(incoming: IncomingRequest): HttpRequest {
  const existing = incoming[HANDSHAKE_VIEW]
  if (existing) return existing
  const view: HttpRequest = {
    method: incoming.method ?? "GET",
    protocol: incoming.socket?.encrypted ? "https" : "http",
    headers: incoming.headers,
    url: incoming.url,
    originalUrl: incoming.url,
  }
  Object.defineProperty(incoming, HANDSHAKE_VIEW, { value: view, configurable: true })
  connectionViews.add(view)
  return view
}

/** Views of handshakes: their session was read once, when the connection opened. */
const connectionViews = new WeakSet<object>()

/**
 * True for the request of a connection (a WebSocket's handshake, a graphql-ws upgrade): each call on
 * it reuses the session read when it opened, so the guard checks that session's expiry every time.
 */
export function reusesConnection(req: HttpRequest): boolean {
  return connectionViews.has(req)
}

function isIncoming(value: unknown): value is IncomingRequest {
  return isRecord(value) && isRecord(value.headers)
}
