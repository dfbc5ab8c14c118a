import { decodeJwt } from "jose/jwt/decode"

/**
 * Microsoft Entra ID's multi-tenant endpoints (`/common`, `/organizations`, `/consumers`) publish
 * the issuer `https://login.microsoftonline.com/{tenantid}/v2.0`, and each ID token carries the
 * user's real tenant in `iss` and `tid` (§7.7). We detect the placeholder rather than a provider id,
 * so a renamed provider or an Auth.js `MicrosoftEntraID` object gets the same treatment.
 */
const PLACEHOLDER = "{tenantid}"

/** Tenant ids are GUIDs or domain names; anything else is not put into a URL. */
const TENANT_ID = /^[A-Za-z0-9._-]{1,128}$/

/**
 * A discovery answer whose issuer is a `{tenantid}` template becomes one naming the configured
 * issuer, so oauth4webapi's issuer check passes; the template is returned for the token step.
 * Any other answer is passed through untouched.
 */
export async function conformTemplatedIssuer(
  response: Response,
  issuer: URL,
): Promise<{ response: Response; template?: string }> {
  if (response.status !== 200) return { response }
  let body: unknown
  try {
    body = await response.clone().json()
  } catch {
    return { response } // not JSON: oauth4webapi reports it
  }
  const template = (body as { issuer?: unknown } | null)?.issuer
  if (typeof template !== "string" || !template.includes(PLACEHOLDER)) return { response }
  const tenant = tenantSegment(template, issuer.href)
  if (tenant === undefined) return { response }
  const conformed = { ...(body as object), issuer: template.replace(PLACEHOLDER, tenant) }
  return {
    response: new Response(JSON.stringify(conformed), { status: 200, headers: { "content-type": "application/json" } }),
    template,
  }
}

/**
 * The issuer of the tenant an ID token was issued for: the template with the token's `tid`.
 * The token is not trusted here; the caller validates it against that issuer's metadata and keys.
 */
export function tenantIssuerOf(template: string, idToken: unknown): string | undefined {
  if (typeof idToken !== "string") return undefined
  let tid: unknown
  try {
    tid = decodeJwt(idToken).tid
  } catch {
    return undefined
  }
  return typeof tid === "string" && TENANT_ID.test(tid) ? template.replace(PLACEHOLDER, tid) : undefined
}

/** `common` for template `…/{tenantid}/v2.0` and issuer `…/common/v2.0`; undefined when they do not align. */
function tenantSegment(template: string, issuer: string): string | undefined {
  const at = template.indexOf(PLACEHOLDER)
  const prefix = template.slice(0, at)
  const suffix = template.slice(at + PLACEHOLDER.length)
  if (!issuer.startsWith(prefix) || !issuer.endsWith(suffix)) return undefined
  const tenant = issuer.slice(prefix.length, issuer.length - suffix.length)
  return TENANT_ID.test(tenant) ? tenant : undefined
}
