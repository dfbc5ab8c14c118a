import { isPlainObject } from "../records.js"

/**
 * Auth.js's provider option merge (§8.1), without touching either input: plain objects merge
 * recursively, arrays merge by index (quirk 3: `["pkce","state"]` + `["nonce"]` →
 * `["nonce","state"]`), an `undefined` override is skipped, anything else replaces (an object
 * over a string default replaces the string). Symbol keys (`[customFetch]`) are merged too.
 */
export function mergeOptions(defaults: unknown, override: unknown): unknown {
  if (override === undefined) return copy(defaults)
  if (Array.isArray(override)) {
    const base: unknown[] = Array.isArray(defaults) ? defaults : []
    const out = base.map(copy)
    override.forEach((value, index) => {
      if (value !== undefined) out[index] = mergeOptions(base[index], value)
    })
    return out
  }
  if (isPlainObject(override)) {
    const base = isPlainObject(defaults) ? defaults : {}
    const out = copy(base) as Record<PropertyKey, unknown>
    for (const key of enumerableKeys(override)) {
      const value = override[key]
      if (value !== undefined) out[key] = mergeOptions(base[key], value)
    }
    return out
  }
  return override
}

/** A deep copy of the plain parts; functions, URLs and other instances are shared. */
function copy(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(copy)
  if (!isPlainObject(value)) return value
  const out: Record<PropertyKey, unknown> = {}
  for (const key of enumerableKeys(value)) out[key] = copy(value[key])
  return out
}

/** Own enumerable keys, symbols included; `__proto__` is never copied (it would set the prototype). */
function enumerableKeys(value: object): PropertyKey[] {
  return Reflect.ownKeys(value).filter(
    (key) => key !== "__proto__" && Object.prototype.propertyIsEnumerable.call(value, key),
  )
}
