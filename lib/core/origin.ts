import type { ResolvedConfig } from "./config/types.js"

/**
 * The single origin rule (it removes @auth/express's handler-vs-getSession mismatch):
 * `AUTH_URL`'s origin when set; otherwise, with a trusted host, `X-Forwarded-Proto`/`X-Forwarded-Host`
 * (first value) falling back to the connection scheme and `Host`.
 */
export function requestOrigin(
  config: Pick<ResolvedConfig, "authUrl" | "trustHost">,
  protocol: string,
  headers: Readonly<Record<string, string | undefined>>,
): string {
  if (config.authUrl) return config.authUrl.origin
  let scheme = protocol.replace(/:$/, "")
  let host = headers.host
  if (config.trustHost) {
    const fwdProto = firstValue(headers["x-forwarded-proto"])
    const fwdHost = firstValue(headers["x-forwarded-host"])
    if (fwdProto === "http" || fwdProto === "https") scheme = fwdProto
    if (fwdHost) host = fwdHost
  }
  if (scheme !== "http" && scheme !== "https") scheme = "http"
  return normaliseOrigin(scheme, host)
}

function firstValue(header: string | undefined): string | undefined {
  if (!header) return undefined
  const comma = header.indexOf(",")
  return (comma === -1 ? header : header.slice(0, comma)).trim() || undefined
}

/** A Host header is untrusted text: anything that does not parse as a host becomes "localhost". */
function normaliseOrigin(scheme: string, host: string | undefined): string {
  if (host && /^[A-Za-z0-9.\-:[\]]+$/.test(host)) {
    try {
      return new URL(`${scheme}://${host}`).origin
    } catch {
      // fall through
    }
  }
  return `${scheme}://localhost`
}

/** Whether the site is reached over https, without building the origin (the per-request session check). */
export function isSecureRequest(
  config: Pick<ResolvedConfig, "authUrl" | "trustHost" | "useSecureCookies">,
  protocol: string,
  headers: Readonly<Record<string, string | undefined>>,
): boolean {
  if (config.useSecureCookies !== undefined) return config.useSecureCookies
  if (config.authUrl) return config.authUrl.protocol === "https:"
  if (config.trustHost) {
    const proto = firstValue(headers["x-forwarded-proto"])
    if (proto === "http" || proto === "https") return proto === "https"
  }
  return protocol.replace(/:$/, "") === "https"
}
