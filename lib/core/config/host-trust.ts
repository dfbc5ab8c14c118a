import type { AuthLogger, InternalProvider } from "./types.js"

/**
 * Trust in the host inferred from NODE_ENV lets any client pick the origin through X-Forwarded-Host.
 * For most URLs that only misleads the client itself; an email link goes to somebody else's inbox and
 * signs in whoever opens it, so with inferred trust links ignore the forwarded headers. Both are said
 * once, at boot.
 */
export function warnHostTrust(logger: AuthLogger, inferred: boolean, providers: readonly InternalProvider[]): void {
  if (!inferred) return
  logger.warn("trust-host-inferred")
  if (providers.some((p) => p.type === "email")) logger.warn("email-links-ignore-forwarded-headers")
}
