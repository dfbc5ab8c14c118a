// The OIDC stand-ins of the test suite, in one place:
// - issuer.ts: real OpenID Providers (oidc-provider) on 127.0.0.1, generic or posing as a named IdP;
// - router.ts: a `[customFetch]` that sends a provider's production URLs to those stand-ins;
// - browse.ts: plays the browser at the IdP, from the authorization URL back to our callback.
// Non-OIDC OAuth 2 IdPs and REST APIs are stood in by ../api-stand-in.ts, also behind `idpRouter`.
export { browseIdp, followAuthorization, type AuthorizationOutcome, type FollowAuthorizationOptions } from "./browse.js"
export {
  defaultAccounts,
  startOidcIssuer,
  startOidcStandIn,
  type OidcIssuer,
  type RefreshGrantLog,
  type OidcStandIn,
  type OidcStandInOptions,
  type StandInClient,
  type StartOidcIssuerOptions,
  type TestClient,
} from "./issuer.js"
export { idpRouter, type IdpRouter, type RoutedRequest } from "./router.js"
