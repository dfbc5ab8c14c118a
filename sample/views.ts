import { join } from "node:path"
import ejs from "ejs"
import type { Session } from "../lib/index.js"
import { FAVICON_LINK } from "./favicon.js"
import { SAMPLE_CSS } from "./styles.js"

/**
 * The EJS views, beside this file: sample/views under the tests, .sample-dist/sample/views once
 * built (tools/start-sample.mjs and nest-cli.json's assets copy them there).
 */
export const VIEWS_DIR = join(__dirname, "views")

/** What a handler that renders needs of Express's `Response` or Fastify's reply. */
export interface ViewReply {
  /** Express: `res.locals`, which SessionLocalsMiddleware fills. */
  locals?: Record<string, unknown>
  /** Fastify: the Node response Nest's middleware ran on, where the middleware left `locals`. */
  raw?: { locals?: Record<string, unknown> }
  status(code: number): unknown
  header(name: string, value: string): unknown
  send(body: string): unknown
}

/**
 * Renders `views/<name>.ejs` with the response's locals (the session, from SessionLocalsMiddleware)
 * and `data`, and sends it. ejs.renderFile rather than `@Render()`: `setViewEngine` needs
 * @fastify/view on Fastify, and this sample runs on both platforms with the same code.
 */
export async function renderView(res: ViewReply, name: string, data: Record<string, unknown> = {}): Promise<void> {
  const locals = res.locals ?? res.raw?.locals ?? {}
  const html = await ejs.renderFile(join(VIEWS_DIR, `${name}.ejs`), {
    session: null,
    ...locals,
    ...data,
    // Trusted markup, inserted unescaped (`<%-`): never put user text here.
    css: SAMPLE_CSS,
    favicon: FAVICON_LINK,
  })
  res.status(200)
  res.header("content-type", "text/html; charset=utf-8")
  res.header("cache-control", "no-store")
  res.send(html)
}

/** The user as the views show them: every field a string, the image only if safe to load. */
export interface ProfileView {
  name: string
  email: string
  image?: string
  role: string
  initial: string
  expires: string
  expiresIso: string
}

export function profileOf(session: Session): ProfileView {
  const user = (session.user ?? {}) as { name?: string | null; email?: string | null; image?: string | null; role?: string }
  const name = user.name ?? ""
  const email = user.email ?? ""
  const expires = new Date(session.expires)
  return {
    name,
    email,
    image: imageSrc(user.image),
    role: user.role ?? "user",
    initial: (name || email || "?").charAt(0).toUpperCase(),
    expires: Number.isNaN(expires.getTime()) ? session.expires : expires.toUTCString(),
    expiresIso: session.expires,
  }
}

/** An https image (a provider's avatar) or none: no `javascript:`, no plain-http mixed content. */
function imageSrc(value: string | null | undefined): string | undefined {
  if (!value) return undefined
  try {
    return new URL(value).protocol === "https:" ? value : undefined
  } catch {
    return undefined
  }
}
