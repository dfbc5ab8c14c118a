import { describe, expect, it } from "vitest"
import { defaultCookies, serializeCookie } from "../../lib/core/cookies.js"
import {
  SESSION_CHUNK_SIZE,
  clearSessionCookie,
  readSessionCookie,
  writeSessionCookie,
} from "../../lib/core/session/cookie-store.js"

const def = defaultCookies(false).sessionToken
const NAME = def.name
const expires = new Date("2026-12-28T03:24:19.000Z")

function value(length: number): string {
  let out = ""
  for (let i = 0; out.length < length; i++) out += String.fromCharCode(97 + (i % 26))
  return out
}

describe("readSessionCookie", () => {
  it("reads the plain cookie", () => {
    expect(readSessionCookie({ [NAME]: "abc", other: "x" }, NAME)).toEqual({ value: "abc", names: [NAME] })
  })

  it("joins chunks by numeric suffix whatever the request order", () => {
    const letters = "ABCDEFGHIJK"
    const cookies = Object.fromEntries([...letters].map((l, i) => [`${NAME}.${i}`, l]).reverse())
    const read = readSessionCookie(cookies, NAME)
    // .10 after .9, not after .1 as a string sort would put it.
    expect(read.value).toBe(letters)
    expect(read.names).toEqual([...letters].map((_, i) => `${NAME}.${i}`))
  })

  // Auth.js joins whatever chunks it finds in suffix order; we read only a whole set (#21).
  it("refuses chunks with a hole in their numbering, and reports every name for cleanup", () => {
    const cookies = { [`${NAME}.10`]: "K", [`${NAME}.2`]: "C", [`${NAME}.0`]: "A", [`${NAME}.1`]: "B" }
    expect(readSessionCookie(cookies, NAME)).toEqual({
      value: undefined,
      names: [`${NAME}.0`, `${NAME}.1`, `${NAME}.2`, `${NAME}.10`],
    })
    expect(readSessionCookie({ [`${NAME}.1`]: "B", [`${NAME}.2`]: "C" }, NAME).value).toBeUndefined()
    expect(readSessionCookie({ [`${NAME}.1`]: "B" }, NAME)).toEqual({ value: undefined, names: [`${NAME}.1`] })
  })

  it("refuses a plain cookie beside chunks (one of them is left over)", () => {
    expect(readSessionCookie({ [`${NAME}.0`]: "B", [NAME]: "A" }, NAME)).toEqual({
      value: undefined,
      names: [NAME, `${NAME}.0`],
    })
  })

  it("returns undefined when there is no session cookie", () => {
    expect(readSessionCookie({}, NAME)).toEqual({ value: undefined, names: [] })
    expect(readSessionCookie({ "authjs.csrf-token": "x" }, NAME)).toEqual({ value: undefined, names: [] })
  })

  it("skips empty values but still reports their names for cleanup", () => {
    expect(readSessionCookie({ [NAME]: "" }, NAME)).toEqual({ value: undefined, names: [NAME] })
    expect(readSessionCookie({ [`${NAME}.0`]: "A", [`${NAME}.1`]: "" }, NAME).value).toBe("A")
  })

  it("does not sweep in cookies that only share the prefix", () => {
    const cookies = {
      [`${NAME}-x`]: "no",
      [`${NAME}x`]: "no",
      [`${NAME}.`]: "no",
      [`${NAME}.a`]: "no",
      [`${NAME}.-1`]: "no",
      [`${NAME}.01`]: "no",
      [`${NAME}.1.2`]: "no",
      [`__Secure-${NAME}`]: "no",
      [NAME]: "yes",
    }
    expect(readSessionCookie(cookies, NAME)).toEqual({ value: "yes", names: [NAME] })
  })

  it("ignores values that are not strings (pre-parsed cookie objects)", () => {
    expect(readSessionCookie({ [NAME]: { j: 1 } }, NAME).value).toBeUndefined()
  })

  it("treats more than 64 chunks as no cookie, with bounded cleanup", () => {
    const cookies: Record<string, string> = {}
    for (let i = 0; i < 500; i++) cookies[`${NAME}.${i}`] = "x"
    const read = readSessionCookie(cookies, NAME)
    expect(read.value).toBeUndefined()
    expect(read.names.length).toBeLessThanOrEqual(64)
    const sixtyFour: Record<string, string> = {}
    for (let i = 0; i < 64; i++) sixtyFour[`${NAME}.${i}`] = "x"
    expect(readSessionCookie(sixtyFour, NAME).value).toBe("x".repeat(64))
  })

  it("treats more than 64 KiB of session value as no cookie", () => {
    const big = { [`${NAME}.0`]: "x".repeat(40_000), [`${NAME}.1`]: "y".repeat(30_000) }
    const read = readSessionCookie(big, NAME)
    expect(read.value).toBeUndefined()
    expect(read.names).toEqual([`${NAME}.0`, `${NAME}.1`])
    expect(readSessionCookie({ [NAME]: "x".repeat(65_536) }, NAME).value).toHaveLength(65_536)
  })

  it("reads a lone cookie, plain or chunk, like several (#9)", () => {
    expect(readSessionCookie({ [`${NAME}.0`]: "abc" }, NAME)).toEqual({ value: "abc", names: [`${NAME}.0`] })
    expect(readSessionCookie({ [NAME]: "" }, NAME)).toEqual({ value: undefined, names: [NAME] })
    expect(readSessionCookie({ [NAME]: "x".repeat(65_537) }, NAME)).toEqual({ value: undefined, names: [NAME] })
    expect(readSessionCookie({ [`${NAME}.0`]: "x".repeat(65_537) }, NAME).value).toBeUndefined()
  })
})

describe("writeSessionCookie", () => {
  it("writes a value of exactly one chunk under the plain name", () => {
    const out = writeSessionCookie(value(SESSION_CHUNK_SIZE), def, [], expires)
    expect(out.map((c) => c.name)).toEqual([NAME])
    expect(out[0]!.value).toHaveLength(3936)
  })

  it("splits one character more into .0 and .1", () => {
    const v = value(SESSION_CHUNK_SIZE + 1)
    const out = writeSessionCookie(v, def, [], expires)
    expect(out.map((c) => [c.name, c.value.length])).toEqual([
      [`${NAME}.0`, 3936],
      [`${NAME}.1`, 1],
    ])
    expect(out.map((c) => c.value).join("")).toBe(v)
  })

  it("gives every chunk the full attributes and the same Expires", () => {
    const out = writeSessionCookie(value(3 * SESSION_CHUNK_SIZE), def, [], expires)
    expect(out).toHaveLength(3)
    for (const cookie of out) {
      expect(serializeCookie(cookie)).toBe(
        `${cookie.name}=${cookie.value}; Path=/; Expires=Mon, 28 Dec 2026 03:24:19 GMT; HttpOnly; SameSite=Lax`,
      )
    }
  })

  it("deletes the plain cookie when growing into chunks", () => {
    const out = writeSessionCookie(value(2 * SESSION_CHUNK_SIZE + 5), def, [NAME], expires)
    expect(out.map((c) => [c.name, c.options.maxAge])).toEqual([
      [NAME, 0],
      [`${NAME}.0`, undefined],
      [`${NAME}.1`, undefined],
      [`${NAME}.2`, undefined],
    ])
    expect(serializeCookie(out[0]!)).toBe(`${NAME}=; Max-Age=0; Path=/; HttpOnly; SameSite=Lax`)
  })

  it("deletes every chunk when shrinking to a plain cookie", () => {
    const present = [`${NAME}.0`, `${NAME}.1`, `${NAME}.2`]
    const out = writeSessionCookie("short", def, present, expires)
    expect(out.map((c) => [c.name, c.value])).toEqual([
      [`${NAME}.0`, ""],
      [`${NAME}.1`, ""],
      [`${NAME}.2`, ""],
      [NAME, "short"],
    ])
    expect(out.slice(0, 3).every((c) => c.options.maxAge === 0 && c.options.expires === undefined)).toBe(true)
  })

  it("deletes only the chunks the new value does not overwrite", () => {
    const present = [`${NAME}.0`, `${NAME}.1`, `${NAME}.2`]
    const out = writeSessionCookie(value(SESSION_CHUNK_SIZE + 10), def, present, expires)
    expect(out.map((c) => [c.name, c.options.maxAge])).toEqual([
      [`${NAME}.2`, 0],
      [`${NAME}.0`, undefined],
      [`${NAME}.1`, undefined],
    ])
    expect(new Set(out.map((c) => c.name)).size).toBe(out.length)
  })

  it("re-sets the plain cookie without deleting it", () => {
    const out = writeSessionCookie("again", def, [NAME], expires)
    expect(out).toEqual([{ name: NAME, value: "again", options: { ...def.options, expires } }])
  })

  it("round-trips through readSessionCookie", () => {
    const v = value(10_000)
    const cookies = Object.fromEntries(writeSessionCookie(v, def, [], expires).map((c) => [c.name, c.value]))
    expect(readSessionCookie(cookies, NAME).value).toBe(v)
  })

  it("keeps the secure definition's name and attributes", () => {
    const secure = defaultCookies(true).sessionToken
    const [cookie] = writeSessionCookie("v", secure, [], expires)
    expect(serializeCookie(cookie!)).toBe(
      "__Secure-authjs.session-token=v; Path=/; Expires=Mon, 28 Dec 2026 03:24:19 GMT; HttpOnly; Secure; SameSite=Lax",
    )
  })
})

describe("clearSessionCookie", () => {
  it("deletes every name that came with the request", () => {
    const out = clearSessionCookie(def, [`${NAME}.0`, `${NAME}.1`])
    expect(out.map(serializeCookie)).toEqual([
      `${NAME}.0=; Max-Age=0; Path=/; HttpOnly; SameSite=Lax`,
      `${NAME}.1=; Max-Age=0; Path=/; HttpOnly; SameSite=Lax`,
    ])
    expect(clearSessionCookie(def, [])).toEqual([])
  })
})
