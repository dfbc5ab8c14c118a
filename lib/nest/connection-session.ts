import type { SessionState } from "./session.reader.js"

/**
 * A session read once for a connection has ended when its `expires` has passed, or the token it came
 * from has (a connection never receives the re-issued cookie, so its token's `exp` is the last word).
 */
export function connectionSessionExpired({ session, token }: SessionState, now = Date.now()): boolean {
  if (!session || !(Date.parse(session.expires) > now)) return true
  return typeof token?.exp === "number" && token.exp * 1000 <= now
}
