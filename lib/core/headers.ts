/** A header value as Node hands it over: repeated headers may come as an array. */
export type HeaderValue = string | readonly string[] | undefined

/** Request headers: a record with lower-case names (Node's `req.headers`), or a Web `Headers`. */
export type HeaderSource = Readonly<Record<string, HeaderValue>> | { get(name: string): string | null }

/**
 * One header as text, `name` in lower case. Repeated values are joined as Node joins them itself
 * (`; ` for `Cookie`, `, ` otherwise), so a hand-built request reads like one off the wire.
 */
export function headerValue(headers: HeaderSource, name: string): string | undefined {
  if (typeof headers.get === "function") return (headers as { get(name: string): string | null }).get(name) ?? undefined
  const value = (headers as Readonly<Record<string, HeaderValue>>)[name]
  return typeof value === "string" || value === undefined ? value : value.join(name === "cookie" ? "; " : ", ")
}

