import type { IncomingMessage, ServerResponse } from "node:http"
import { FAVICON_SVG } from "./favicon.js"
import { escapeHtml, page } from "./html.js"

/** What the interaction pages use of an `oidc-provider` Provider (the package ships no types). */
export interface InteractionProvider {
  interactionDetails(req: IncomingMessage, res: ServerResponse): Promise<InteractionDetails>
  interactionFinished(req: IncomingMessage, res: ServerResponse, result: object, options?: object): Promise<void>
  Grant: GrantClass
}
interface InteractionDetails {
  uid: string
  prompt: { name: string; details: { missingOIDCScope?: string[]; missingOIDCClaims?: string[] } }
  params: Record<string, unknown> & { client_id?: string }
  session?: { accountId?: string }
  grantId?: string
}
interface Grant {
  addOIDCScope(scope: string): void
  addOIDCClaims(claims: string[]): void
  save(): Promise<string>
}
type GrantClass = { find(id: string): Promise<Grant | undefined> } & (new (init: object) => Grant)

/** Where the provider sends the browser to sign in and consent (its `interactions.url`). */
export const interactionUrl = (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}`

// Our pages load nothing: styles are inline, the icon is served here. The policy makes the browser
// hold them to that (oidc-provider's own development pages import a web font from a CDN).
const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; base-uri 'none'; frame-ancestors 'none'"

/** What each scope lets the app see, in the words the consent page uses. */
const scopeText: Record<string, string> = {
  openid: "who you are here (your username as a stable id)",
  profile: "your name",
  email: "your email address",
}

/**
 * The Dev IdP's own sign-in and consent pages, in place of `devInteractions`. Answers the request
 * and returns true when it is one of ours (`/interaction/…`, the icon); false leaves it to the provider.
 */
export async function handleInteraction(provider: InteractionProvider, req: IncomingMessage, res: ServerResponse): Promise<boolean> {
  const path = (req.url ?? "/").split("?", 1)[0]!
  if (path === "/favicon.ico" || path === "/favicon.svg") {
    send(res, 200, "image/svg+xml", FAVICON_SVG)
    return true
  }
  const match = /^\/interaction\/([\w-]+)(\/abort)?$/.exec(path)
  if (!match) return false
  try {
    const details = await provider.interactionDetails(req, res)
    if (match[2]) {
      await provider.interactionFinished(req, res, { error: "access_denied", error_description: "The user cancelled" }, { mergeWithLastSubmission: false })
    } else if (req.method === "POST") {
      await submit(provider, details, await formBody(req), req, res)
    } else {
      const { name } = details.prompt
      if (name === "login") html(res, 200, loginPage(details.uid))
      else if (name === "consent") html(res, 200, consentPage(details))
      else html(res, 501, page("Not supported", `<p>The Dev IdP has no page for the "${escapeHtml(name)}" prompt.</p>`))
    }
  } catch (error) {
    // Mostly an expired or unknown interaction (its cookie is gone): start again from the app.
    const message = error instanceof Error ? error.message : String(error)
    html(res, 400, page("Dev IdP", `<p class="alert" role="alert">${escapeHtml(message)}</p><p>Go back to the app and sign in again.</p>`))
  }
  return true
}

async function submit(
  provider: InteractionProvider,
  details: InteractionDetails,
  body: URLSearchParams,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const { name, details: missing } = details.prompt
  if (body.get("prompt") !== name) throw new Error(`This form is for the "${name}" step.`)
  if (name === "login") {
    const login = body.get("login")?.trim()
    if (!login) return html(res, 400, loginPage(details.uid, "Enter a username."))
    // The password is not checked: any username signs in (see the login page).
    return provider.interactionFinished(req, res, { login: { accountId: login } }, { mergeWithLastSubmission: false })
  }
  // Consent: grant what the app asked for, as devInteractions does.
  const grant =
    (details.grantId ? await provider.Grant.find(details.grantId) : undefined) ??
    new provider.Grant({ accountId: details.session?.accountId, clientId: details.params.client_id })
  if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(" "))
  if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims)
  await provider.interactionFinished(req, res, { consent: { grantId: await grant.save() } }, { mergeWithLastSubmission: true })
}

function loginPage(uid: string, error?: string): string {
  return page(
    "Sign in to Dev IdP",
    `${error ? `<p class="alert" role="alert">${escapeHtml(error)}</p>` : ""}
    <p>A test identity provider running inside the sample, on this machine. Any username signs in.</p>
    <form method="post" action="/interaction/${escapeHtml(uid)}" autocomplete="off">
      <input type="hidden" name="prompt" value="login">
      <label for="login">Username</label>
      <input id="login" name="login" required autofocus aria-describedby="login-hint">
      <p class="hint" id="login-hint">It becomes your name; your email is <code>username@example.com</code>, or the username itself if it is an address.</p>
      <label for="password">Password</label>
      <input id="password" name="password" type="password" aria-describedby="password-hint">
      <p class="hint" id="password-hint">Not checked: the Dev IdP accepts any password, or none. A real IdP would ask for yours here.</p>
      <button class="button primary">Sign in</button>
    </form>
    <p class="links"><a href="/interaction/${escapeHtml(uid)}/abort">Cancel</a></p>`,
  )
}

function consentPage(details: InteractionDetails): string {
  const scopes = details.prompt.details.missingOIDCScope ?? []
  const items = scopes.map((s) => `<li>${escapeHtml(scopeText[s] ?? s)} <code>${escapeHtml(s)}</code></li>`).join("")
  const who = details.session?.accountId ?? ""
  return page(
    "Allow access?",
    `<p>Signed in to Dev IdP as <strong>${escapeHtml(who)}</strong>.
    <strong>${escapeHtml(String(details.params.client_id ?? "The app"))}</strong> asks to see:</p>
    <ul>${items || "<li>nothing new</li>"}</ul>
    <form method="post" action="/interaction/${escapeHtml(details.uid)}">
      <input type="hidden" name="prompt" value="consent">
      <button class="button primary">Continue</button>
    </form>
    <p class="links"><a href="/interaction/${escapeHtml(details.uid)}/abort">Cancel</a></p>`,
  )
}

function html(res: ServerResponse, status: number, body: string): void {
  send(res, status, "text/html; charset=utf-8", body, { "content-security-policy": CSP, "cache-control": "no-store" })
}

function send(res: ServerResponse, status: number, type: string, body: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { "content-type": type, "content-length": Buffer.byteLength(body), ...headers })
  res.end(body)
}

/** A urlencoded form body, at most 16 KiB (a username and a password). */
async function formBody(req: IncomingMessage): Promise<URLSearchParams> {
  let text = ""
  for await (const chunk of req) {
    text += String(chunk)
    if (text.length > 16_384) throw new Error("The form is too large.")
  }
  return new URLSearchParams(text)
}
