import { readFileSync } from "node:fs"
import { fileURLToPath } from "node:url"

/**
 * Session tokens minted by NextAuth v4 itself (next-auth 4.24.15's `encode` and `SessionStore`), recorded
 * by test/companion/next-v4/record-vectors.cjs. They expire: set the clock to `recorded_at` first.
 */
export interface NextAuthV4Vectors {
  recorded_with: string
  recorded_at: number
  secrets: { main: string; other: string; unicode: string }
  /** HKDF output per secret, hex, as v4's `getDerivedEncryptionKey` computes it. */
  keys: { main: string; other: string; unicode: string }
  claims: Record<string, unknown>
  tokens: {
    main: string
    other: string
    unicode: string
    /** maxAge 60 s. */
    short_lived: string
    /** Carries a `notes` claim long enough to be chunked. */
    big: string
  }
  /** `big` as v4's SessionStore lays it out in cookies. */
  big_chunks: Array<{ name: string; value: string }>
}

export const v4Vectors: NextAuthV4Vectors = JSON.parse(
  readFileSync(fileURLToPath(new URL("../fixtures/vectors/next-auth-v4-jwt.json", import.meta.url)), "utf8"),
)
