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
      if (typeof result === "string" && isHttpUrl(result, origin)) return result
    } catch (error) {
      config.logger.error(error as Error)
    }
    return origin
  }
  return origin
}

/** Absolute http(s) URL, or a path starting with `/` (resolved against the origin). */
export function isHttpUrl(value: string, origin: string): boolean {
  try {
    const url = new URL(value, value.startsWith("/") ? origin : undefined)
    return url.protocol === "http:" || url.protocol === "https:"
  } catch {
    return false
  }
}
