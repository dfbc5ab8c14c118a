import type { ResolvedConfig } from "./config/types.js"

/**
 * Where to send the user after sign-in or sign-out: body `callbackUrl`, else query, else the
 * callback-url cookie, else the origin — each passed through `callbacks.redirect`.
 * A value that is not a valid http(s) URL is ignored rather than answered with a 500 as Auth.js does:
 * it is bad input, and the origin is always a safe place to land.
 */
export async function resolveCallbackUrl(
  config: ResolvedConfig,
  origin: string,
  candidates: { body?: unknown; query?: string; cookie?: string },
): Promise<string> {
  const param = typeof candidates.body === "string" && candidates.body ? candidates.body : candidates.query
  for (const value of [param, candidates.cookie]) {
    if (!value || !isHttpUrl(value, origin)) continue
    try {
      const result = await config.callbacks.redirect({ url: value, baseUrl: origin })
      if (typeof result === "string" && isHttpUrl(result, origin)) return headerSafe(result, origin)
    } catch (error) {
      config.logger.error(error as Error)
    }
    return origin
  }
  return origin
}

/**
 * The URL as a Location header and a cookie can carry it. Plain printable ASCII is kept as it is (so
 * the values Auth.js would send stay byte for byte the same); anything else goes through the URL
 * serialiser, which percent-encodes spaces and non-ASCII, drops tabs and line breaks, and replaces
 * lone surrogates. Node refuses such characters in a header (a 500), and `encodeURIComponent`
 * throws on a lone surrogate when the callback-url cookie is written.
 */
function headerSafe(url: string, origin: string): string {
  return /^[\x21-\x7e]*$/.test(url) ? url : new URL(url, url.startsWith("/") ? origin : undefined).href
}

/** Absolute http(s) URL, or a path starting with `/` (resolved against the origin). */
function isHttpUrl(value: string, origin: string): boolean {
  try {
    const url = new URL(value, value.startsWith("/") ? origin : undefined)
    return url.protocol === "http:" || url.protocol === "https:"
  } catch {
    return false
  }
}
