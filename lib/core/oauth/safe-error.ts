import * as o from "oauth4webapi"

/**
 * oauth4webapi attaches response bodies (tokens included) to its errors; keep name, code and
 * message only, so a logger that prints causes cannot leak a token.
 */
export function withoutDetails(error: unknown): Error {
  if (!(error instanceof Error)) return new Error(String(error))
  let message = error.message
  if (error instanceof o.ResponseBodyError) {
    message += ` (${error.error}${error.error_description ? `: ${error.error_description}` : ""})`
  }
  const safe = new Error(message)
  safe.name = error.name
  const code = (error as { code?: unknown }).code
  if (typeof code === "string") Object.assign(safe, { code })
  return safe
}
