/** `/api/auth/` → `/api/auth`; a path of slashes only is `/`. */
export function normaliseBasePath(path: string): string {
  return path.replace(/\/+$/, "") || "/"
}

/**
 * A basePath routes can be mounted at, normalised: a plain absolute path other than `/`, without
 * route syntax (`:param`, wildcards), empty segments, spaces or escapes.
 * @throws TypeError naming the option, for anything else.
 */
export function mountableBasePath(basePath: unknown): string {
  const path = typeof basePath === "string" ? normaliseBasePath(basePath) : ""
  if (path === "/" || !path.startsWith("/") || /[\s:*?(){}+!#%\\]|\/\//.test(path)) {
    throw new TypeError(
      `AuthModule: basePath must be a path such as "/auth" or "/api/auth" (not "/"), got ${JSON.stringify(basePath)}`,
    )
  }
  return path
}
