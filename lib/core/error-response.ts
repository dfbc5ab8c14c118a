import type { ResolvedConfig } from "./config/types.js"
import { isAuthErrorLike, isClientSafeErrorType, SignInLimited } from "./vocabulary/errors.js"
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
  const response = redirect(withQuery(page, params), request)
  return error instanceof SignInLimited ? limitedAnswer(response, error.retryAfter, request) : response
}

/**
 * A credentials attempt refused by `limits`: the same answer as a wrong password plus `Retry-After`;
 * an API client (a JSON body, or JSON accepted and HTML not) gets a 429 with the same URL in its body.
 */
function limitedAnswer(response: AuthResponse, retryAfter: number, request: AuthRequest): AuthResponse {
  const headers = { ...response.headers, "retry-after": String(retryAfter) }
  const type = request.headers["content-type"] ?? ""
  const accept = request.headers.accept ?? ""
  const api = type.includes("application/json") || (accept.includes("application/json") && !accept.includes("text/html"))
  if (!api) return { ...response, headers }
  const url = response.headers.location!
  return { status: 429, headers: { ...headers, "content-type": "application/json" }, cookies: response.cookies, body: { url } }
}

function absolute(path: string, origin: string): string {
  return path.startsWith("/") ? `${origin}${path}` : path
}

/** The `code` of a CredentialsSignin; only short plain tokens may reach the URL. */
function credentialsCode(error: unknown): string {
  const code = (error as { code?: unknown }).code
  return typeof code === "string" && /^[\w.-]{1,64}$/.test(code) ? code : "credentials"
}
