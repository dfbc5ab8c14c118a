import * as o from "oauth4webapi"
import type { InternalOAuthProvider } from "../config/types.js"

/**
 * RFC 7523 client assertions, built per provider once and reused: the code exchange, the refresh
 * grant and revocation all authenticate the same way.
 */
const built = new WeakMap<InternalOAuthProvider, o.ClientAuth>()

/**
 * `private_key_jwt` with `token.clientPrivateKey` (checked at start-up). The assertion's `aud` is
 * `[issuer, token_endpoint]`, as Auth.js sends it: some IdPs want the one, some the other.
 */
export function privateKeyJwt(provider: InternalOAuthProvider): o.ClientAuth {
  return memo(provider, () => {
    const key = provider.token?.clientPrivateKey
    if (!key) throw new TypeError(`provider ${provider.id} uses private_key_jwt without token.clientPrivateKey`)
    return (as, client, body, headers) =>
      o.PrivateKeyJwt(key, {
        [o.modifyAssertion](_header, payload) {
          payload.aud = as.token_endpoint ? [as.issuer, as.token_endpoint] : as.issuer
        },
      })(as, client, body, headers)
  })
}

/** `client_secret_jwt`: an HS256 assertion keyed with `clientSecret` (oauth4webapi's, `aud` = issuer as in Auth.js). */
export function clientSecretJwt(provider: InternalOAuthProvider): o.ClientAuth {
  return memo(provider, () => o.ClientSecretJwt(provider.clientSecret ?? ""))
}

function memo(provider: InternalOAuthProvider, build: () => o.ClientAuth): o.ClientAuth {
  let auth = built.get(provider)
  if (!auth) built.set(provider, (auth = build()))
  return auth
}
