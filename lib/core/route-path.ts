/**
 * `/:tenant/api` with `{ tenant: "acme" }` → `/acme/api` (values URL-encoded). Undefined when a
 * parameter has no string value, or when a path with parameters holds other route syntax too.
 */
export function fillRouteParams(path: string, params: unknown): string | undefined {
  if (!path.includes(":")) return path
  const values = (typeof params === "object" && params !== null ? params : {}) as Record<string, unknown>
  let missing = false
  const filled = path.replace(/:(\w+)/g, (_whole, name: string) => {
    const value = values[name]
    if (typeof value === "string") return encodeURIComponent(value)
    missing = true
    return ""
  })
  return missing || /[*?(){}]/.test(filled) ? undefined : filled
}

/** A framework's global prefix as a path: `v1` → `/v1`, `` → ``. */
export function prefixPath(prefix: string | undefined): string {
  const trimmed = (prefix ?? "").replace(/^\/+|\/+$/g, "")
  return trimmed ? `/${trimmed}` : ""
}
