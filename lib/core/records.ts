/** Any non-null object, arrays included: something whose fields can be read. */
export function isRecord(value: unknown): value is Record<PropertyKey, unknown> {
  return typeof value === "object" && value !== null
}

/** Plain data: `{}` literals and null-prototype objects, not arrays, URLs, class instances or functions. */
export function isPlainObject(value: unknown): value is Record<PropertyKey, unknown> {
  if (!isRecord(value)) return false
  const proto = Object.getPrototypeOf(value)
  return proto === Object.prototype || proto === null
}
