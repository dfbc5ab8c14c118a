/**
 * Injection tokens and metadata keys. All are strings (or registered symbols) so that two copies of
 * this package — the CommonJS and the ESM build loaded side by side — still agree on them.
 */

/** The `ResolvedConfig` built once at start-up from the module options. */
export const RESOLVED_CONFIG = "AUTH_RESOLVED_CONFIG"

/** The mount path of the auth routes, known before any options factory runs (a module extra). */
export const AUTH_BASE_PATH = "AUTH_BASE_PATH"

/** Route metadata set by `@Public()`. */
export const IS_PUBLIC_KEY = "nestjs-authjs:public"

/** Route metadata set by `@Roles()`. */
export const ROLES_KEY = "nestjs-authjs:roles"

/** Route metadata set by `@Authorize()`. */
export const AUTHORIZE_KEY = "nestjs-authjs:authorize"

/** The Nest-layer options (`bearer`, `redirectToSignIn`, `roles`) after checks and defaults. */
export const AUTH_GUARD_OPTIONS = "AUTH_GUARD_OPTIONS"

/** The `openApi` module option after checks and defaults. */
export const AUTH_OPENAPI = "AUTH_OPENAPI"

/** The auth routes' controller class, built per `forRoot` (its catch-all route depends on the platform). */
export const AUTH_CONTROLLER = "AUTH_CONTROLLER"
