import { Inject, Injectable, Optional } from "@nestjs/common"
import type { ExecutionContext } from "@nestjs/common"
import { ApplicationConfig, Reflector } from "@nestjs/core"
import type { ResolvedConfig } from "../core/config/types.js"
import { holdsAnyRole } from "../core/roles.js"
import { prefixPath } from "../core/route-path.js"
import { isBrowserNavigation, signInUrl } from "../core/sign-in-url.js"
import type { Session } from "../core/vocabulary/models.js"
import { redirectToSignIn, refuse, type Refusal } from "./access-refusal.js"
import { AUTH_GUARD_OPTIONS, AUTHORIZE_KEY, IS_PUBLIC_KEY, RESOLVED_CONFIG, ROLES_KEY } from "./auth.constants.js"
import type { HttpRequest } from "./http-bridge.js"
import { HttpBridgeHost } from "./http-bridge.host.js"
import type { ResolvedGuardOptions } from "./guard-options.js"
import type { AuthorizePredicate } from "./access.decorators.js"

/** An `@Authorize()` predicate or the `roles` option threw; logged with the route's name, never the session. */
export class AuthorizationCheckError extends Error {
  override readonly name = "AuthorizationCheckError"
}

/**
 * What `AuthGuard` delegates to: the route's policy (read once per handler), the roles and
 * predicate checks, and the refusal in the transport's terms. One instance for the app.
 */
@Injectable()
export class RouteAccess {
  private readonly policies: RoutePolicyCache
  private globalPrefix: string | undefined

  constructor(
    @Inject(Reflector) reflector: Reflector,
    @Inject(RESOLVED_CONFIG) private readonly config: ResolvedConfig,
    @Inject(AUTH_GUARD_OPTIONS) readonly options: ResolvedGuardOptions,
    @Inject(HttpBridgeHost) private readonly bridges: HttpBridgeHost,
    @Optional() @Inject(ApplicationConfig) private readonly appConfig?: ApplicationConfig,
  ) {
    this.policies = new RoutePolicyCache(reflector)
  }

  policyOf(context: ExecutionContext): RoutePolicy {
    return this.policies.of(context)
  }

  /** True when the route asks for nothing beyond a session. */
  needsCheck(policy: RoutePolicy): boolean {
    return policy.roles !== undefined || policy.authorize !== undefined
  }

  /** Roles first, then the predicate; any throw refuses and is logged once. */
  async allows(policy: RoutePolicy, session: Session, context: ExecutionContext): Promise<boolean> {
    try {
      if (policy.roles && !holdsAnyRole(this.options.roles(session), policy.roles)) return false
      return policy.authorize ? (await policy.authorize(session, context)) === true : true
    } catch (error) {
      const check = policy.authorize ? "@Authorize() predicate" : "roles option"
      this.config.logger.error(new AuthorizationCheckError(`The ${check} threw on ${policy.name}`, { cause: error }))
      return false
    }
  }

  /**
   * Refuses the call: a 302 to the sign-in page for a browser navigation (when enabled), else the
   * status in the transport's terms. Throws for HTTP and GraphQL; returns `false` for WebSockets.
   */
  refuse(refusal: Refusal, context: ExecutionContext, req: HttpRequest | undefined): false {
    if (refusal === 401 && req && this.options.redirectToSignIn && context.getType<string>() === "http" && isBrowserNavigation(req)) {
      const url = signInUrl(this.config, this.prefix(), req)
      if (url) redirectToSignIn(req, url, this.bridges.bridge)
    }
    return refuse(refusal, context, req, this.options.bearer, this.bridges.bridge)
  }

  /** Read at the first redirect: `setGlobalPrefix` runs after providers are built. */
  private prefix(): string {
    return (this.globalPrefix ??= prefixPath(this.appConfig?.getGlobalPrefix()))
  }
}

/** What a handler's decorators ask of `AuthGuard`; handler metadata wins over its class's. */
export interface RoutePolicy {
  readonly isPublic: boolean
  /** Undefined (or empty) when any signed-in user will do. */
  readonly roles: readonly string[] | undefined
  readonly authorize: AuthorizePredicate | undefined
  /** `Class.method`, to name the route in logs. */
  readonly name: string
}

type Target = object

/**
 * Route policies, read with the Reflector once per (class, handler) and kept: metadata is fixed once
 * the app is built, and the guard runs on every request. The class is part of the key because an
 * inherited handler may sit under classes with different metadata.
 */
export class RoutePolicyCache {
  private readonly byClass = new WeakMap<Target, WeakMap<Target, RoutePolicy>>()

  constructor(private readonly reflector: Reflector) {}

  of(context: ExecutionContext): RoutePolicy {
    const handler = context.getHandler()
    const cls = context.getClass()
    let byHandler = this.byClass.get(cls)
    if (!byHandler) this.byClass.set(cls, (byHandler = new WeakMap()))
    let policy = byHandler.get(handler)
    if (!policy) byHandler.set(handler, (policy = this.read(cls, handler)))
    return policy
  }

  private read(cls: Target, handler: Target): RoutePolicy {
    const targets = [handler as () => void, cls as () => void]
    const roles = this.reflector.getAllAndOverride<readonly string[] | undefined>(ROLES_KEY, targets)
    return Object.freeze({
      isPublic: this.reflector.getAllAndOverride<boolean | undefined>(IS_PUBLIC_KEY, targets) === true,
      roles: roles && roles.length > 0 ? roles : undefined,
      authorize: this.reflector.getAllAndOverride<AuthorizePredicate | undefined>(AUTHORIZE_KEY, targets),
      name: `${(cls as { name?: string }).name ?? "?"}.${(handler as { name?: string }).name ?? "?"}`,
    })
  }
}
