import type { Session } from "./vocabulary/models.js"

/** Reads the signed-in user's roles from the session, for `@Roles()`. */
export type RolesSource = (session: Session) => string | readonly string[] | null | undefined

/** `session.user.role` (a string or a list) and `session.user.roles`, together. */
export const defaultRoles: RolesSource = (session) => {
  const user = session.user as { role?: unknown; roles?: unknown } | null | undefined
  if (!user) return undefined
  const { role, roles } = user
  if (roles === undefined) return isRoleList(role) ? role : undefined
  return [...asList(role), ...asList(roles)]
}

function isRoleList(value: unknown): value is string | readonly string[] {
  return typeof value === "string" || (Array.isArray(value) && value.every((role) => typeof role === "string"))
}

function asList(value: unknown): readonly string[] {
  return (Array.isArray(value) ? value : [value]).filter((role): role is string => typeof role === "string")
}

/** True when `held` (what the session says) names one of `required`. */
export function holdsAnyRole(held: string | readonly string[] | null | undefined, required: readonly string[]): boolean {
  if (typeof held === "string") return required.includes(held)
  if (!Array.isArray(held)) return false
  return held.some((role) => typeof role === "string" && required.includes(role))
}
