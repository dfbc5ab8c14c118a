import type { ExecutionContext } from "@nestjs/common"
import type { Reflector } from "@nestjs/core"
import { AUTHORIZE_KEY, IS_PUBLIC_KEY, ROLES_KEY } from "./auth.constants.js"
import type { AuthorizePredicate } from "./authorize.decorator.js"

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
