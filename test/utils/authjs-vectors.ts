import { readFileSync } from "node:fs"
import { fileURLToPath } from "node:url"

/*
 * The interop vectors minted by @auth/core 0.41.3 (spec §15), copied from
 * /work/shared/spec/vectors so the repository is self-contained.
 */

type Claims = Record<string, unknown>

export interface DerivedKeyVector {
  secret: string
  salt: string
  info: string
  enc: "A256CBC-HS512" | "A256GCM"
  length: number
  key_hex: string
  key_base64url: string
  kid: string
}

export interface JwtVector {
  id: string
  secret: string | string[]
  salt: string
  encoded: string
  protected_header: Record<string, string>
  decoded?: Claims
  decoded_by_authjs?: Claims
  needs_clock?: boolean
  clock_epoch_seconds?: number
  decode_checks?: {
    with_array?: boolean
    with_new_only?: boolean
    with_old_only?: { ok: boolean; error: string }
    with_new_then_old?: { ok: boolean; value: Claims }
  }
  decode_with_other_secret_first?: { ok: boolean; error: string }
}

export interface NegativeJwtVector {
  id: string
  decode_with: { secret: string; salt: string }
  encoded: string
  authjs_result: string
}

export interface CsrfVector {
  id: string
  secret: string | string[]
  hash_secret_string?: string
  cookie_name?: string
  token: string
  hash: string
  hash_input: string
  cookie_value_decoded: string
  cookie_value_on_wire?: string
  set_cookie_header?: string
  cookie_header_sent?: string
  json_body?: { csrfToken: string }
}

export interface CheckCookieVector {
  name: string
  salt?: string
  set_cookie_header: string
  value?: string
  decoded?: Claims
  state_param_decoded_with_salt_encodedState?: Claims
}

export interface ChunkVector {
  name: string
  value: string
  length: number
  attributes: string[]
}

export interface AuthjsVectors {
  about: { generated_at_epoch_seconds: number }
  derived_keys: DerivedKeyVector[]
  jwt: JwtVector[]
  jwt_negative: NegativeJwtVector[]
  csrf: CsrfVector[]
  check_cookies: Array<{ provider: string; cookies: CheckCookieVector[] }>
  chunking: {
    chunk_size_chars: number
    secret: string
    salt: string
    chunks: ChunkVector[]
    joined_length: number
    decoded_claims_without_big: Claims
  }
}

const file = fileURLToPath(new URL("../fixtures/vectors/authjs-jwt.json", import.meta.url))

export const vectors: AuthjsVectors = JSON.parse(readFileSync(file, "utf8")) as AuthjsVectors

export const INTEROP_SECRET = "interop-test-secret-0123456789abcdefghijklmnopqrstuvwxyz"
export const NEW_SECRET = "rotated-new-secret-ABCDEFGHIJKLMNOPQRSTUVWXYZ-9876543210"
export const OLD_SECRET = "rotated-old-secret-abcdefghijklmnopqrstuvwxyz-0123456789"

export function jwtVector(id: string): JwtVector {
  const found = vectors.jwt.find((v) => v.id === id)
  if (!found) throw new Error(`no jwt vector ${id}`)
  return found
}
