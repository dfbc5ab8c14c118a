import { ExecutionContextHost } from "@nestjs/core/helpers/execution-context-host.js"
import { describe, expect, it } from "vitest"
import { HANDSHAKE_REQUEST, requestOf } from "../../lib/nest/execution-context.js"

function context(type: string, args: unknown[]) {
  const host = new ExecutionContextHost(args)
  host.setType(type)
  return host
}

const incoming = (headers: Record<string, string>, encrypted = false) => ({
  method: "GET",
  url: "/socket.io/?EIO=4",
  headers,
  socket: { encrypted },
})

describe("requestOf", () => {
  it("gives the Express request of an HTTP call", () => {
    const req = { method: "GET", protocol: "http", headers: {} }
    expect(requestOf(context("http", [req, {}]))).toBe(req)
  })

  it("gives the req of a GraphQL context, found at argument 2", () => {
    const req = { method: "POST", protocol: "https", headers: { cookie: "a=b" } }
    expect(requestOf(context("graphql", [{}, { id: 1 }, { req }, {}]))).toBe(req)
  })

  it("views a graphql-ws subscription's upgrade request as a request", () => {
    const upgrade = incoming({ cookie: "a=b" }, true)
    const view = requestOf(context("graphql", [{}, {}, { extra: { request: upgrade } }, {}]))
    expect(view).toMatchObject({ method: "GET", protocol: "https", headers: { cookie: "a=b" } })
  })

  it("finds the upgrade request where Nest's Apollo driver puts graphql-ws's context (at req), as a connection", async () => {
    const { reusesConnection } = await import("../../lib/nest/execution-context.js")
    const upgrade = incoming({ cookie: "a=b" })
    const view = requestOf(context("graphql", [{}, {}, { req: { extra: { request: upgrade }, connectionParams: {} } }, {}]))
    expect(view).toMatchObject({ method: "GET", headers: { cookie: "a=b" } })
    expect(reusesConnection(view!)).toBe(true)
    const express = { method: "POST", protocol: "https", headers: {} }
    expect(reusesConnection(requestOf(context("graphql", [{}, {}, { req: express }, {}]))!)).toBe(false)
  })

  it("gives no request for a GraphQL context without one", () => {
    expect(requestOf(context("graphql", [{}, {}, undefined, {}]))).toBeUndefined()
    expect(requestOf(context("graphql", [{}, {}, { req: "nope" }, {}]))).toBeUndefined()
  })

  it("views a socket.io client's handshake, once per connection", () => {
    const client = { request: incoming({ cookie: "authjs.session-token=x" }), handshake: {} }
    const first = requestOf(context("ws", [client, {}]))
    expect(first).toEqual({
      method: "GET",
      protocol: "http",
      headers: { cookie: "authjs.session-token=x" },
      url: "/socket.io/?EIO=4",
      originalUrl: "/socket.io/?EIO=4",
    })
    expect(requestOf(context("ws", [client, { other: "message" }]))).toBe(first)
  })

  it("finds a ws client's handshake on its socket, where the recorder kept it", () => {
    const socket = { [HANDSHAKE_REQUEST]: incoming({ cookie: "c=d" }, true) }
    const view = requestOf(context("ws", [{ _socket: socket, readyState: 1 }, {}]))
    expect(view).toMatchObject({ protocol: "https", headers: { cookie: "c=d" } })
  })

  it("gives no request when the handshake is unknown, or for other transports", () => {
    expect(requestOf(context("ws", [{ _socket: {} }, {}]))).toBeUndefined()
    expect(requestOf(context("ws", [undefined, {}]))).toBeUndefined()
    expect(requestOf(context("rpc", [{ headers: {} }, {}]))).toBeUndefined()
  })
})
