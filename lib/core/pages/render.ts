import { createHash } from "node:crypto"
import type { RequestContext } from "../context.js"
import type { AuthResponse } from "../vocabulary/http.js"
import { errorPage } from "./error.js"
import { pageShell, stylesheetText, type PageContent } from "./html.js"
import { signInPage, webauthnOptionsUrl, webauthnScriptUrl } from "./signin.js"
import { signOutPage } from "./signout.js"
import { colorScheme, stylesheet } from "./styles.js"
import { verifyRequestPage } from "./verify-request.js"

/** GET /signin: the built-in page, or a redirect to `pages.signIn` with callbackUrl (and error). */
export function renderSignInPage(ctx: RequestContext): AuthResponse {
  const custom = ctx.config.pages?.signIn
  if (custom) {
    let query = `callbackUrl=${encodeURIComponent(ctx.callbackUrl)}`
    const error = ctx.request.query.error
    if (error) query += `&error=${encodeURIComponent(error)}`
    return redirect(ctx, withQuery(custom, query))
  }
  return htmlPage(ctx, signInPage(ctx), 200, signInFormTargets(ctx), passkeySources(ctx))
}

/** GET /signout: the confirmation page, or a redirect to `pages.signOut` as configured. */
export function renderSignOutPage(ctx: RequestContext): AuthResponse {
  const custom = ctx.config.pages?.signOut
  if (custom) return redirect(ctx, custom)
  return htmlPage(ctx, signOutPage(ctx), 200, ownFormTargets(ctx))
}

/**
 * GET /error (or an error the caller already knows): the built-in page with its status, or a
 * redirect to `pages.error?error=<type>`. Unlike Auth.js the value is encoded, and a missing one is
 * left out rather than sent as "undefined".
 */
export function renderErrorPage(ctx: RequestContext, errorType?: string): AuthResponse {
  const type = errorType ?? ctx.request.query.error
  const custom = ctx.config.pages?.error
  if (custom) return redirect(ctx, type === undefined ? custom : withQuery(custom, `error=${encodeURIComponent(type)}`))
  const { status, ...content } = errorPage(ctx, type)
  return htmlPage(ctx, content, status, ["'none'"])
}

/** GET /verify-request: "check your email", or a redirect to `pages.verifyRequest` keeping the query. */
export function renderVerifyRequestPage(ctx: RequestContext): AuthResponse {
  const custom = ctx.config.pages?.verifyRequest
  if (custom) return redirect(ctx, withQuery(custom, new URLSearchParams(ctx.request.query).toString()))
  return htmlPage(ctx, verifyRequestPage(ctx), 200, ["'none'"])
}

function redirect(ctx: RequestContext, location: string): AuthResponse {
  return { status: 302, headers: { location }, cookies: [...ctx.initCookies] }
}

/** Appends `query` to a configured path, with `?` or `&` as needed and before any fragment. */
function withQuery(path: string, query: string): string {
  if (!query) return path
  const hashAt = path.indexOf("#")
  const base = hashAt === -1 ? path : path.slice(0, hashAt)
  const hash = hashAt === -1 ? "" : path.slice(hashAt)
  const separator = !base.includes("?") ? "?" : base.endsWith("?") || base.endsWith("&") ? "" : "&"
  return `${base}${separator}${query}${hash}`
}

function htmlPage(
  ctx: RequestContext,
  content: PageContent,
  status: number,
  formTargets: string[],
  extra: string[] = [],
): AuthResponse {
  const css = stylesheet(ctx.config.theme) + (content.css ?? "")
  const body = pageShell(content.title, css, colorScheme(ctx.config.theme), content.body)
  return {
    status,
    headers: {
      "content-type": "text/html",
      "content-security-policy": contentSecurityPolicy(stylesheetText(css), formTargets, extra),
      // The page embeds a CSRF token and the callback URL.
      "cache-control": "no-store",
    },
    cookies: [...ctx.initCookies],
    body,
  }
}

/**
 * Nothing may run, load or frame the page; the stylesheet is allowed by its hash, so an injected
 * `style` attribute or element would not apply either.
 */
function contentSecurityPolicy(styleText: string, formTargets: string[], extra: string[]): string {
  const styleHash = createHash("sha256").update(styleText, "utf8").digest("base64")
  return [
    "default-src 'none'",
    `style-src 'sha256-${styleHash}'`,
    "img-src 'self' https: data:",
    `form-action ${[...new Set(formTargets)].join(" ")}`,
    "frame-ancestors 'none'",
    "base-uri 'none'",
    ...extra,
  ].join("; ")
}

/**
 * With a passkey form the page runs one script, the library's own, and fetches only the options
 * endpoints: both named by exact URL (a path ending in "/" matches what is below it).
 */
function passkeySources(ctx: RequestContext): string[] {
  const webauthn = ctx.config.providers.filter((p) => p.type === "webauthn" && p.formFields)
  if (webauthn.length === 0) return []
  const endpoints = webauthn.map((p) => webauthnOptionsUrl(ctx, p.id))
  return [`script-src ${webauthnScriptUrl(ctx)}`, `connect-src ${endpoints.join(" ")}`]
}

/**
 * Chrome applies `form-action` to every redirect that follows a form post, so the policy must
 * admit where our POSTs end up: the site itself, then the callback URL.
 */
function ownFormTargets(ctx: RequestContext): string[] {
  const targets = ["'self'", ctx.origin]
  const callback = httpOrigin(ctx.callbackUrl)
  if (callback) targets.push(callback)
  return targets
}

/**
 * Sign-in also redirects to identity providers, whose own redirect chains cross hosts we cannot
 * know (and discovery may decide the authorization endpoint later), so any https target is
 * allowed; an http IdP (local development) is admitted by its origin only.
 */
function signInFormTargets(ctx: RequestContext): string[] {
  const targets = ownFormTargets(ctx)
  for (const provider of ctx.config.providers) {
    if (provider.type !== "oauth" && provider.type !== "oidc") continue
    targets.push("https:")
    for (const url of [provider.authorization?.url?.href, provider.issuer]) {
      const origin = httpOrigin(url)
      if (origin?.startsWith("http:")) targets.push(origin)
    }
  }
  return targets
}

function httpOrigin(url: string | undefined): string | undefined {
  if (!url) return undefined
  try {
    const { protocol, origin } = new URL(url)
    return protocol === "http:" || protocol === "https:" ? origin : undefined
  } catch {
    return undefined
  }
}
