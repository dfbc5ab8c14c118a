import { ForbiddenException, HttpStatus, ServiceUnavailableException, UnauthorizedException } from "@nestjs/common"
import { ExecutionContextHost } from "@nestjs/core/helpers/execution-context-host.js"
import { describe, expect, it, vi } from "vitest"
import { isBrowserNavigation } from "../../lib/core/sign-in-url.js"
import {
  SignInRedirect,
  redirectToSignIn,
  refuse,
  refuseHttp,
} from "../../lib/nest/access-refusal.js"
import { expressBridge, type HttpRequest } from "../../lib/nest/express-bridge.js"

function request(method: string, headers: Record<string, string> = {}): HttpRequest & { res: { setHeader: ReturnType<typeof vi.fn> } } {
  const res = { statusCode: 200, headersSent: false, setHeader: vi.fn(), append: vi.fn(), end: vi.fn() }
  return { method, protocol: "http", headers, res }
}

const wsContext = (client: unknown) => {
  const host = new ExecutionContextHost([client, {}])
  host.setType("ws")
  return host
}

describe("isBrowserNavigation", () => {
  const html = "text/html,application/xhtml+xml,*/*;q=0.8"
  it("is a GET or HEAD asking for HTML without credentials of its own", () => {
    expect(isBrowserNavigation(request("GET", { accept: html }))).toBe(true)
    expect(isBrowserNavigation(request("HEAD", { accept: html }))).toBe(true)
  })
  it("is not an API call, a form post, or a request with an Authorization header", () => {
    expect(isBrowserNavigation(request("GET", { accept: "application/json" }))).toBe(false)
    expect(isBrowserNavigation(request("GET", {}))).toBe(false)
    expect(isBrowserNavigation(request("POST", { accept: html }))).toBe(false)
    expect(isBrowserNavigation(request("GET", { accept: html, authorization: "Bearer x" }))).toBe(false)
  })
})

describe("refuseHttp", () => {
  it("throws Nest's exception for each refusal", () => {
    expect(() => refuseHttp(401, request("GET"), false, expressBridge)).toThrow(UnauthorizedException)
    expect(() => refuseHttp(403, request("GET"), false, expressBridge)).toThrow(ForbiddenException)
    expect(() => refuseHttp(503, request("GET"), false, expressBridge)).toThrow(ServiceUnavailableException)
  })

  it("names the bearer scheme on a 401 only when bearer tokens are on", () => {
    const plain = request("GET")
    expect(() => refuseHttp(401, plain, false, expressBridge)).toThrow()
    expect(plain.res.setHeader).not.toHaveBeenCalled()
    const none = request("GET")
    expect(() => refuseHttp(401, none, true, expressBridge)).toThrow()
    expect(none.res.setHeader).toHaveBeenCalledWith("WWW-Authenticate", "Bearer")
    const sent = request("GET", { authorization: "Bearer abc" })
    expect(() => refuseHttp(401, sent, true, expressBridge)).toThrow()
    expect(sent.res.setHeader).toHaveBeenCalledWith("WWW-Authenticate", 'Bearer error="invalid_token"')
    const forbidden = request("GET")
    expect(() => refuseHttp(403, forbidden, true, expressBridge)).toThrow(ForbiddenException)
    expect(forbidden.res.setHeader).not.toHaveBeenCalled()
  })
})

describe("redirectToSignIn", () => {
  it("sets Location and throws a 302 carrying the URL", () => {
    const req = request("GET")
    let thrown: unknown
    try {
      redirectToSignIn(req, "http://localhost/auth/signin?callbackUrl=x", expressBridge)
    } catch (error) {
      thrown = error
    }
    expect(thrown).toBeInstanceOf(SignInRedirect)
    expect((thrown as SignInRedirect).getStatus()).toBe(HttpStatus.FOUND)
    expect(req.res.setHeader).toHaveBeenCalledWith("Location", "http://localhost/auth/signin?callbackUrl=x")
  })
})

describe("refuse on a WebSocket", () => {
  const wsClient = () => ({ readyState: 1, send: vi.fn(), close: vi.fn() })
  const ioClient = () => ({ handshake: {}, emit: vi.fn(), disconnect: vi.fn() })

  it("closes a ws client without a session with 4401, or 1013 while the store is down", () => {
    const client = wsClient()
    expect(refuse(401, wsContext(client), undefined, false, expressBridge)).toBe(false)
    expect(client.close).toHaveBeenCalledWith(4401, "Unauthorized")
    const later = wsClient()
    refuse(503, wsContext(later), undefined, false, expressBridge)
    expect(later.close).toHaveBeenCalledWith(1013, "Service Unavailable")
  })

  it("answers a forbidden ws message with an exception message and keeps the socket", () => {
    const client = wsClient()
    expect(refuse(403, wsContext(client), undefined, false, expressBridge)).toBe(false)
    expect(client.close).not.toHaveBeenCalled()
    expect(JSON.parse(client.send.mock.calls[0]![0] as string)).toEqual({
      event: "exception",
      data: { status: "error", message: "Forbidden resource" },
    })
    const closing = { ...wsClient(), readyState: 2 }
    refuse(403, wsContext(closing), undefined, false, expressBridge)
    expect(closing.send).not.toHaveBeenCalled()
  })

  it("tells a socket.io client why, then disconnects it; a 403 is left to Nest's own exception", () => {
    const client = ioClient()
    expect(refuse(401, wsContext(client), undefined, false, expressBridge)).toBe(false)
    expect(client.emit).toHaveBeenCalledWith("exception", { status: "error", message: "Unauthorized" })
    expect(client.disconnect).toHaveBeenCalledWith(true)
    const forbidden = ioClient()
    refuse(403, wsContext(forbidden), undefined, false, expressBridge)
    expect(forbidden.emit).not.toHaveBeenCalled()
    expect(forbidden.disconnect).not.toHaveBeenCalled()
  })

  it("returns false for a client it does not know", () => {
    expect(refuse(401, wsContext({}), undefined, false, expressBridge)).toBe(false)
  })
})
