import type {
  InternalCredentialsProvider,
  InternalEmailProvider,
  InternalOAuthProvider,
  InternalWebAuthnProvider,
} from "../../config/types.js"
import type { RequestContext } from "../../context.js"
import { InvalidProvider } from "../../vocabulary/errors.js"
import type { AuthResponse } from "../../vocabulary/http.js"
import { credentialsCallback } from "./credentials.js"
import { emailCallback } from "./email.js"
import { oauthCallbackAction } from "./oauth.js"
import { webauthnCallback } from "./webauthn.js"

/** callback/:provider, dispatched on the provider's type. */
export async function callbackAction(ctx: RequestContext): Promise<AuthResponse> {
  const provider = ctx.provider
  if (!provider) throw new InvalidProvider("Callback without a provider")
  switch (provider.type) {
    case "oauth":
    case "oidc":
      return oauthCallbackAction(ctx, provider as InternalOAuthProvider)
    case "credentials":
      if (ctx.request.method !== "POST") throw new InvalidProvider("Credentials callbacks are POST only")
      return credentialsCallback(ctx, provider as InternalCredentialsProvider)
    case "email":
      return emailCallback(ctx, provider as InternalEmailProvider)
    case "webauthn":
      return webauthnCallback(ctx, provider as InternalWebAuthnProvider)
    default:
      throw new InvalidProvider(`Callbacks are not supported for provider type ${(provider as { type: string }).type}`)
  }
}
