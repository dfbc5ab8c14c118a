import type { OAuthConfig, OAuthUserConfig, ProviderFetch } from "./types.js"

/** The ID token claims Microsoft Entra ID sends (v2.0 endpoints). */
export interface MicrosoftEntraIDProfile {
  sub: string
  /** The user's object id in the tenant. */
  oid: string
  /** The tenant the user signed in to. */
  tid: string
  name?: string
  email?: string
  preferred_username?: string
  [claim: string]: unknown
}

export interface MicrosoftEntraIDUserConfig extends OAuthUserConfig<MicrosoftEntraIDProfile> {
  /**
   * The directory (tenant) id or a verified domain, or `common` (work, school and personal accounts),
   * `organizations` or `consumers`. Sets the issuer `https://login.microsoftonline.com/<tenantId>/v2.0`.
   */
  tenantId?: string
  /** Edge of the Microsoft Graph profile photo to use as `image`, in pixels; `0` skips the photo. Default 48. */
  profilePhotoSize?: 0 | 48 | 64 | 96 | 120 | 240 | 360 | 432 | 504 | 648
}

const LOGIN = "https://login.microsoftonline.com"
/** Photos beyond this many bytes are dropped: the image travels in the session cookie. */
const MAX_PHOTO_BYTES = 32 * 1024

/**
 * Sign in with Microsoft Entra ID (formerly Azure AD), OpenID Connect.
 *
 * The issuer is `issuer`, else the one of `tenantId`, else env `AUTH_MICROSOFT_ENTRA_ID_ISSUER`, else
 * the multi-tenant `https://login.microsoftonline.com/common/v2.0`. For multi-tenant issuers the engine
 * validates each ID token against the issuer of the user's own tenant (its `tid`), as Auth.js does.
 * Client id and secret default to env `AUTH_MICROSOFT_ENTRA_ID_ID` / `_SECRET`. The `User.Read` scope
 * lets the sign-in fetch the user's photo from Microsoft Graph (a `data:` URL, or `null`).
 *
 * @example
 * ```ts
 * import MicrosoftEntraID from "nestjs-authjs/providers/microsoft-entra-id"
 * AuthModule.forRoot({ providers: [MicrosoftEntraID({ tenantId: "contoso.onmicrosoft.com" })] })
 * ```
 */
export default function MicrosoftEntraID(
  config?: MicrosoftEntraIDUserConfig,
): OAuthConfig<MicrosoftEntraIDProfile> {
  const photoSize = config?.profilePhotoSize ?? 48
  const issuer =
    config?.issuer ??
    (config?.tenantId ? `${LOGIN}/${encodeURIComponent(config.tenantId)}/v2.0` : undefined) ??
    envIssuer() ??
    `${LOGIN}/common/v2.0`
  return {
    id: "microsoft-entra-id",
    name: "Microsoft Entra ID",
    type: "oidc",
    issuer,
    authorization: { params: { scope: "openid profile email User.Read" } },
    async profile(profile, tokens, context) {
      return {
        id: profile.sub,
        name: profile.name,
        email: profile.email ?? null,
        image: photoSize ? await graphPhoto(context?.fetch ?? fetch, tokens.access_token, photoSize) : null,
      }
    },
    style: { text: "#fff", bg: "#0072c6" },
    options: config,
  }
}

/** As in Auth.js, the called factory reads the issuer variable itself (an un-called one gets it passed). */
function envIssuer(): string | undefined {
  const value = typeof process === "undefined" ? undefined : process.env.AUTH_MICROSOFT_ENTRA_ID_ISSUER
  return value || undefined
}

/** The signed-in user's photo from Microsoft Graph as a `data:` URL; `null` when there is none. */
async function graphPhoto(send: ProviderFetch, accessToken: string | undefined, size: number): Promise<string | null> {
  if (!accessToken) return null
  try {
    const res = await send(`https://graph.microsoft.com/v1.0/me/photos/${size}x${size}/$value`, {
      headers: { Authorization: `Bearer ${accessToken}` },
    })
    if (!res.ok) return null
    const type = res.headers.get("content-type")?.split(";")[0]?.trim() ?? "image/jpeg"
    const bytes = Buffer.from(await res.arrayBuffer())
    if (!type.startsWith("image/") || bytes.length === 0 || bytes.length > MAX_PHOTO_BYTES) return null
    return `data:${type};base64,${bytes.toString("base64")}`
  } catch {
    return null // no photo rather than no sign-in
  }
}
