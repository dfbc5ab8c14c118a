import { callbackAction } from "./actions/callback/index.js"
import { csrfAction } from "./actions/csrf.js"
import { providersAction } from "./actions/providers.js"
import { sessionAction } from "./actions/session.js"
import { signInAction } from "./actions/signin.js"
import { signOutAction } from "./actions/signout.js"
import { webauthnOptionsAction, webauthnScript } from "./actions/webauthn-options.js"
import type { ResolvedConfig } from "./config/types.js"
import type { RequestContext } from "./context.js"
import { errorRedirect } from "./error-response.js"
import { UnknownAction } from "./vocabulary/errors.js"
import { createContext } from "./init.js"
import { requestOrigin } from "./origin.js"
import { reportFailure } from "./logger.js"
import { renderErrorPage, renderVerifyRequestPage } from "./pages/render.js"
import { unknownProviderPage } from "./pages/unknown-provider.js"
import { badRequest, json } from "./responses.js"
import type { AuthAction, AuthRequest, AuthResponse } from "./vocabulary/http.js"

const actions = new Set<string>([
  "providers", "session", "csrf", "signin", "signout", "callback", "verify-request", "error",
  "webauthn-options", "webauthn-script.js",
])
const actionsWithProvider = new Set<string>(["signin", "callback", "webauthn-options"])

/** Answers one request to the auth routes. Never throws: every failure becomes an Auth.js answer. */
export async function handleAuth(request: AuthRequest, config: ResolvedConfig): Promise<AuthResponse> {
  if (config.session.issuedBy) return issuedElsewhere(config.session.issuedBy)
  if (!isRoutable(request)) return badRequest()
  let ctx: RequestContext | undefined
  try {
    const unknownId = unknownProviderId(request, config)
    if (unknownId !== undefined) return unknownProviderPage(await createContext({ ...request, providerId: undefined }, config), unknownId)
    ctx = await createContext(request, config)
    return await dispatch(ctx)
  } catch (error) {
    reportFailure(config.logger, asError(error))
    if (request.action === "session" && request.method === "POST") return json(null, { status: 400 })
    const origin = ctx?.origin ?? requestOrigin(config, request.protocol, request.headers)
    return errorRedirect(error, config, request, origin, request.basePath ?? config.basePath)
  }
}

/** Auth.js answers 400 "Bad request." for methods other than GET/POST and for unknown actions. */
function isRoutable(request: AuthRequest): boolean {
  if (request.method !== "GET" && request.method !== "POST") return false
  if (!actions.has(request.action)) return false
  if (request.providerId !== undefined && !actionsWithProvider.has(request.action)) return false
  return true
}

function unknownProviderId(request: AuthRequest, config: ResolvedConfig): string | undefined {
  const id = request.providerId
  return id !== undefined && id !== "undefined" && !config.providersById.has(id) ? id : undefined
}

async function dispatch(ctx: RequestContext): Promise<AuthResponse> {
  const { method, action, providerId } = ctx.request
  const get = method === "GET"
  switch (action as AuthAction) {
    case "providers":
      if (get) return providersAction(ctx)
      break
    case "csrf":
      if (get) return csrfAction(ctx)
      break
    case "session":
      return sessionAction(ctx)
    case "signin":
      if (get && providerId === undefined) return signInAction(ctx)
      if (!get) return signInAction(ctx)
      break
    case "signout":
      return signOutAction(ctx)
    case "callback":
      return callbackAction(ctx)
    case "error":
      if (get) return renderErrorPage(ctx)
      break
    case "verify-request":
      if (get) return renderVerifyRequestPage(ctx)
      break
    case "webauthn-options":
      if (get) return webauthnOptionsAction(ctx)
      break
    case "webauthn-script.js":
      if (get && providerId === undefined) return webauthnScript()
      break
  }
  throw new UnknownAction(`Unsupported action: ${method} ${action}`)
}

/**
 * With `session.issuedBy` another app signs people in and owns the cookie, so no route here may sign
 * in, out or write a session: each one answers 404 and says where signing in happens.
 */
function issuedElsewhere(issuedBy: string): AuthResponse {
  return json(
    {
      statusCode: 404,
      error: "Not Found",
      message: `Sessions are issued by the Next.js app (session.issuedBy "${issuedBy}"): sign in there. This API only reads them.`,
    },
    { status: 404, headers: { "cache-control": "no-store" } },
  )
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error))
}
