import { defaultRoles, type RolesSource } from "../core/roles.js"

/**
 * How `AuthGuard` treats requests: the Nest-layer options of `AuthModule.forRoot()`, beside the
 * Auth.js ones. Under `forRootAsync` they belong in the factory's result, like the Auth.js options.
 */
export interface AuthGuardOptions {
  /**
   * Accept `Authorization: Bearer <session token>` (the session cookie's value, or one from
   * `AuthService.issueToken`) in the guard, `@Session()` and `AuthService`. A request carrying one is
   * judged by it alone, and never gets cookies back. Default `false`.
   */
  bearer?: boolean
  /**
   * Send an unauthenticated browser navigation (a GET or HEAD that accepts `text/html` and carries no
   * `Authorization` header) to the sign-in page, with a `callbackUrl` back to where it was going.
   * `false` answers every such request with 401 JSON. Default `true`.
   */
  redirectToSignIn?: boolean
  /** Where `@Roles()` finds the user's roles. Default: `session.user.role` and `session.user.roles`. */
  roles?: RolesSource
}

export interface ResolvedGuardOptions {
  bearer: boolean
  redirectToSignIn: boolean
  roles: RolesSource
}

/** Checked once, at start-up: a wrong type fails bootstrap with the option's name. */
export function resolveGuardOptions(options: AuthGuardOptions | undefined): ResolvedGuardOptions {
  // A factory result that is not an object fails boot on the config provider, with its own message.
  const { bearer = false, redirectToSignIn = true, roles = defaultRoles } = typeof options === "object" && options ? options : {}
  if (typeof bearer !== "boolean") throw new TypeError(`AuthModule: bearer must be true or false, got ${JSON.stringify(bearer)}`)
  if (typeof redirectToSignIn !== "boolean") {
    throw new TypeError(`AuthModule: redirectToSignIn must be true or false, got ${JSON.stringify(redirectToSignIn)}`)
  }
  if (typeof roles !== "function") throw new TypeError("AuthModule: roles must be a function (session) => string | string[]")
  return Object.freeze({ bearer, redirectToSignIn, roles })
}
