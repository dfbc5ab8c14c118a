import { serializeCookie } from "../core/cookies.js"
import { fillRouteParams } from "../core/route-path.js"
import type { AuthRequest, AuthResponse, SetCookie } from "../core/vocabulary/http.js"
import { actionOf, authRequestOf, bodyText, type HttpBridge, type HttpRequest } from "./http-bridge.js"

/** Where the `onRequest` hook below links a request to its reply: Fastify keeps no such link. */
const REPLY: unique symbol = Symbol.for("nestjs-authjs.fastify-reply")

/** The parts of a `FastifyRequest` the bridge reads. */
interface FastifyRequestLike extends HttpRequest {
  /** The matched route; its `url` is the full pattern, global prefix and plugin prefixes included. */
  routeOptions?: { url?: string }
  [REPLY]?: FastifyReplyLike | null
}

/** The parts of a `FastifyReply` the bridge writes. */
interface FastifyReplyLike {
  readonly sent: boolean
  code(status: number): unknown
  /** Repeated `set-cookie` values accumulate (Fastify keeps an array), other names are replaced. */
  header(name: string, value: string): unknown
  send(payload?: Buffer): unknown
}

/** The parts of a Fastify instance the bridge needs to link requests to replies. */
export interface FastifyInstanceLike {
  hasRequestDecorator(name: symbol): boolean
  decorateRequest(name: symbol, value: null): unknown
  addHook(name: "onRequest", hook: (req: FastifyRequestLike, reply: FastifyReplyLike, done: () => void) => void): unknown
}

/**
 * The catch-all routes under `basePath`: find-my-way allows a wildcard only as the last character,
 * and `/*` does not match `basePath` itself, which Express's `{/*rest}` does.
 */
const WILDCARD = "/*"
const UNMATCHED_ROUTES = ["/", WILDCARD] as const

/**
 * Fastify behind the `HttpBridge` interface. Registers an `onRequest` hook on the instance (once)
 * so that the guard, `@Session()` and `AuthService` can reach the reply of a request, as Express's
 * `req.res` does; it must run before the instance is ready, so `AuthModule` calls it at init.
 */
export function fastifyBridge(instance: FastifyInstanceLike): HttpBridge {
  if (!instance.hasRequestDecorator(REPLY)) {
    // Decorated, so that every request object keeps one shape.
    instance.decorateRequest(REPLY, null)
    instance.addHook("onRequest", (req, reply, done) => {
      req[REPLY] = reply
      done()
    })
  }
  return bridge
}

const bridge: HttpBridge = {
  platform: "fastify",
  unmatchedRoutes: UNMATCHED_ROUTES,
  toAuthRequest(req: FastifyRequestLike, action?: string, providerId?: string): AuthRequest {
    const unmatched = action === undefined
    if (action === undefined) {
      const rest = (req.params as { "*"?: unknown } | undefined)?.["*"]
      ;({ action, providerId } = actionOf(typeof rest === "string" ? rest.split("/") : []))
    }
    return authRequestOf(req, action, providerId, mountPath(req, unmatched ? 0 : providerId !== undefined ? 2 : 1))
  },
  send(res, out: AuthResponse): void {
    const reply = res as FastifyReplyLike
    reply.code(out.status)
    for (const [name, value] of Object.entries(out.headers)) reply.header(name, value)
    for (const cookie of out.cookies) reply.header("set-cookie", serializeCookie(cookie))
    const body = bodyText(out)
    if (body === undefined) {
      reply.send()
      return
    }
    if (body.contentType !== undefined) reply.header("content-type", body.contentType)
    // A Buffer, because Fastify adds a charset to the content type of a string payload.
    reply.send(Buffer.from(body.text))
  },
  setHeader(req: FastifyRequestLike, name: string, value: string): void {
    const reply = req[REPLY]
    if (reply && !reply.sent) reply.header(name, value)
  },
  appendCookies(req: FastifyRequestLike, cookies: readonly SetCookie[]): void {
    const reply = req[REPLY]
    if (!reply || reply.sent) return
    for (const cookie of cookies) reply.header("set-cookie", serializeCookie(cookie))
  },
}

/**
 * Where the auth routes were mounted as this request reached them: the matched route pattern
 * without its last `actionSegments` segments (or the catch-all wildcard), route parameters of a
 * global prefix filled in. Undefined (so the core uses the configured basePath) when the pattern
 * is not a plain path.
 */
function mountPath(req: FastifyRequestLike, actionSegments: number): string | undefined {
  const pattern = req.routeOptions?.url
  if (typeof pattern !== "string") return undefined
  let base = pattern.replace(/\/+$/, "")
  if (pattern.endsWith(WILDCARD)) base = pattern.slice(0, -WILDCARD.length)
  else if (actionSegments > 0) base = base.split("/").slice(0, -actionSegments).join("/")
  const filled = fillRouteParams(base, req.params)
  if (filled === undefined || /[*?(){}]/.test(filled)) return undefined
  return filled.replace(/\/+$/, "")
}
