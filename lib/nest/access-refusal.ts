import {
  ForbiddenException,
  HttpException,
  HttpStatus,
  ServiceUnavailableException,
  UnauthorizedException,
} from "@nestjs/common"
import type { ExecutionContext } from "@nestjs/common"
import type { HttpBridge, HttpRequest } from "./http-bridge.js"

/** Why `AuthGuard` refuses: no session (401), not allowed (403), or the session store is down (503). */
export type Refusal = 401 | 403 | 503

/** Thrown for a browser that must sign in first: a 302 to the sign-in page (its `Location` is already set). */
export class SignInRedirect extends HttpException {
  constructor(readonly url: string) {
    super({ statusCode: HttpStatus.FOUND, message: "Sign in required", url }, HttpStatus.FOUND)
  }
}

const httpErrors = {
  401: () => new UnauthorizedException(),
  403: () => new ForbiddenException(),
  503: () => new ServiceUnavailableException("The session store is unavailable; try again shortly."),
} satisfies Record<Refusal, () => HttpException>

/**
 * One exception per refusal status, made once: each refusal throws a copy of it (see `copyOf`).
 */
const templates = new Map<Refusal, { proto: object; fields: Record<string, unknown> }>()

function refusalException(refusal: Refusal): HttpException {
  let template = templates.get(refusal)
  if (!template) templates.set(refusal, (template = templateOf(withoutStackTrace(httpErrors[refusal]))))
  const copy = Object.create(template.proto) as Record<string, unknown>
  for (const name in template.fields) {
    const value = template.fields[name]
    copy[name] = typeof value === "object" && value !== null ? { ...value } : value
  }
  return copy as unknown as HttpException
}

/**
 * Refusals throw copies of one exception per status: the same prototype and fields (so `instanceof`,
 * `getStatus()` and `getResponse()` behave the same, and a filter that changes one changes only
 * that one), made without the Error constructor. A refusal is an expected answer, not a fault: its
 * stack trace would only ever point here, and V8 captures one in every Error's constructor, which
 * costs more than the whole session check (#9). The template's one-line `stack` is inherited.
 */
function templateOf(exception: HttpException): { proto: object; fields: Record<string, unknown> } {
  const proto = Object.create(Object.getPrototypeOf(exception) as object) as object
  Object.defineProperty(proto, "stack", { value: exception.stack, writable: true, configurable: true })
  return { proto, fields: { ...exception } }
}

/**
 * Refuses an HTTP or GraphQL call: Nest's exception for the status (Apollo maps 401 and 403 to
 * `UNAUTHENTICATED` and `FORBIDDEN`). With bearer tokens on, a 401 names the scheme in
 * `WWW-Authenticate` (RFC 6750 §3), with `invalid_token` when the request sent one; the bridge
 * writes it on the response when there is one (not for a GraphQL subscription or a socket).
 */
export function refuseHttp(refusal: Refusal, req: HttpRequest | undefined, bearer: boolean, bridge: HttpBridge): never {
  if (refusal === 401 && bearer && req) {
    const sentToken = /^bearer(?:\s|$)/i.test(String(req.headers.authorization ?? ""))
    bridge.setHeader(req, "WWW-Authenticate", sentToken ? 'Bearer error="invalid_token"' : "Bearer")
  }
  throw refusalException(refusal)
}

/** `make()` with no stack trace captured. */
function withoutStackTrace<T>(make: () => T): T {
  const limit = Error.stackTraceLimit
  try {
    Error.stackTraceLimit = 0
  } catch {
    return make() // a frozen Error (e.g. under SES lockdown): keep the trace
  }
  try {
    return make()
  } finally {
    Error.stackTraceLimit = limit
  }
}

/** Sends the browser to `url`: the exception filter then answers 302 with the Location set here. */
export function redirectToSignIn(req: HttpRequest, url: string, bridge: HttpBridge): never {
  bridge.setHeader(req, "Location", url)
  throw withoutStackTrace(() => new SignInRedirect(url))
}

const wsMessages = { 401: "Unauthorized", 403: "Forbidden resource", 503: "Service Unavailable" } as const

/**
 * Refuses a WebSocket message and returns `false`, so Nest skips the handler.
 * - 401 and 503: the connection is closed, because its handshake cookie cannot change: `ws` closes
 *   with 4401 or 1013 and the reason; socket.io first emits `exception` `{ status: "error", message }`,
 *   then disconnects.
 * - 403: the socket stays open. Nest itself answers `false` with its `exception` event ("Forbidden
 *   resource") on socket.io; on `ws`, whose adapter sends no exceptions, the same event is sent as a
 *   `{ event: "exception", data }` message.
 */
function refuseSocket(refusal: Refusal, context: ExecutionContext): false {
  const client = context.switchToWs().getClient<Record<string, unknown>>()
  const message = wsMessages[refusal]
  if (isSocketIo(client)) {
    if (refusal !== 403) {
      client.emit("exception", { status: "error", message })
      client.disconnect(true)
    }
  } else if (isWebSocket(client)) {
    if (refusal !== 403) client.close(refusal === 401 ? 4401 : 1013, message)
    else if (client.readyState === OPEN) client.send(JSON.stringify({ event: "exception", data: { status: "error", message } }))
  }
  return false
}

const OPEN = 1

interface SocketIoClient {
  emit(event: string, payload: unknown): unknown
  disconnect(close: boolean): unknown
}

interface WebSocketClient {
  readyState: number
  send(data: string): unknown
  close(code: number, reason: string): unknown
}

function isSocketIo(client: unknown): client is SocketIoClient {
  const c = client as Partial<SocketIoClient> & { handshake?: unknown }
  return typeof c?.disconnect === "function" && typeof c.emit === "function" && typeof c.handshake === "object"
}

function isWebSocket(client: unknown): client is WebSocketClient {
  const c = client as Partial<WebSocketClient>
  return typeof c?.close === "function" && typeof c.send === "function" && typeof c.readyState === "number"
}

/** The refusal in the call's own terms: an exception for HTTP and GraphQL, a socket answer for WebSockets. */
export function refuse(
  refusal: Refusal,
  context: ExecutionContext,
  req: HttpRequest | undefined,
  bearer: boolean,
  bridge: HttpBridge,
): false {
  if (context.getType<string>() === "ws") return refuseSocket(refusal, context)
  return refuseHttp(refusal, req, bearer, bridge)
}
