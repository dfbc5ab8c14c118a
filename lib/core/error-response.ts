import type { ResolvedConfig } from "./config/types.js"
import { isAuthErrorLike, isClientSafeErrorType } from "./vocabulary/errors.js"
import { redirect, withQuery } from "./responses.js"
import type { AuthRequest, AuthResponse } from "./vocabulary/http.js"

/**
 * Turns an error thrown by an action into Auth.js's answer (§2.4): a redirect to the sign-in or error
 * page carrying only a client-safe `error` type (everything else becomes `Configuration`, so the URL
 * never says what exactly failed).
 */
export function errorRedirect(
  error: unknown,
  config: ResolvedConfig,
  request: AuthRequest,
  origin: string,
  basePath: string,
): AuthResponse {
  const authError = isAuthErrorLike(error) ? error : undefined
  const type = authError && isClientSafeErrorType(authError.type) ? authError.type : "Configuration"
  const kind = authError?.kind ?? "error"
  const params: Record<string, string | undefined> = { error: type }
  if (type === "CredentialsSignin") params.code = credentialsCode(error)

  const custom = kind === "signIn" ? config.pages.signIn : config.pages.error
  const page = custom ? absolute(custom, origin) : `${origin}${basePath}/${kind === "signIn" ? "signin" : "error"}`
  return redirect(withQuery(page, params), request)
}

function absolute(path: string, origin: string): string {
  return path.startsWith("/") ? `${origin}${path}` : path
}

/** The `code` of a CredentialsSignin; only short plain tokens may reach the URL. */
function credentialsCode(error: unknown): string {
  const code = (error as { code?: unknown }).code
  return typeof code === "string" && /^[\w.-]{1,64}$/.test(code) ? code : "credentials"
}
