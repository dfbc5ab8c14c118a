import { isRecord } from "../records.js"
import type { InternalProvider, InternalWebAuthnProvider } from "../config/types.js"
import type { RequestContext } from "../context.js"
import type { CredentialInput, ProviderStyle } from "../../providers/types.js"
import { html, imageUrl, raw, type PageContent, type SafeHtml } from "./html.js"
import { colorProperties, cssColor, readableTextColor } from "./styles.js"

const retry = "Try signing in with a different account."

// Keyed by the `error` query value. The raw value is only ever a lookup key, never shown.
const messages: Record<string, string> = {
  Signin: retry,
  OAuthSignin: retry,
  OAuthCallbackError: retry,
  OAuthCreateAccount: retry,
  EmailCreateAccount: retry,
  Callback: retry,
  OAuthAccountNotLinked:
    "This email address is already linked to another sign-in method. Sign in the way you did before.",
  AccountNotLinked: "This email address is already linked to another sign-in method. Sign in the way you did before.",
  EmailSignin: "The sign-in email could not be sent. Check the address and try again.",
  CredentialsSignin: "Sign in failed. Check that the details you entered are correct.",
  SessionRequired: "Please sign in to view this page.",
  MissingCSRF: "Your sign-in form expired. Please try again.",
  Configuration: "Signing in is unavailable because of a server configuration problem.",
}
const genericMessage = "Unable to sign in."

/** The banner text for an `error` query value; unknown values get the generic message. */
export function signInErrorMessage(error: string): string {
  return Object.hasOwn(messages, error) ? messages[error]! : genericMessage
}

export function signInPage(ctx: RequestContext): PageContent {
  const { query } = ctx.request
  const error = query.error ? signInErrorMessage(query.error) : undefined
  const logo = imageUrl(ctx.config.theme?.logo)
  const sections: SafeHtml[] = []
  let css = ""
  let previousIsButton = false
  ctx.config.providers.forEach((provider, index) => {
    const section = providerSection(ctx, provider, index)
    if (!section) return
    const isButton = provider.type === "oauth" || provider.type === "oidc"
    // Buttons stack together; a form with fields is set apart from whatever is next to it.
    if (sections.length && !(isButton && previousIsButton)) {
      sections.push(html`<div class="separator" role="separator" aria-label="or">or</div>`)
    }
    if (isButton) css += providerColors(provider.style, index)
    sections.push(section)
    previousIsButton = isButton
  })
  const hasPasskeyForm = ctx.config.providers.some((p) => p.type === "webauthn" && p.formFields)
  if (hasPasskeyForm) css += "form[data-webauthn-provider] .button + .button { margin-top: 10px; }\n"
  const body = html`${logo ? html`<img class="logo" src="${logo}" alt="" />` : ""}
    <main class="card signin">
      <h1>Sign in</h1>
      ${error ? html`<div class="error" role="alert"><p>${error}</p></div>` : ""}
      ${sections.length ? sections : html`<p>No sign-in method is configured.</p>`}
    </main>
    ${hasPasskeyForm ? html`<script src="${webauthnScriptUrl(ctx)}" defer></script>` : ""}`
  return { title: "Sign In", body, css }
}

function providerSection(ctx: RequestContext, provider: InternalProvider, index: number): SafeHtml | undefined {
  switch (provider.type) {
    case "oauth":
    case "oidc":
      return oauthForm(ctx, provider.id, provider.name, provider.style, index)
    case "email":
      return emailForm(ctx, provider.id, provider.name, index)
    case "credentials":
      return hasFields(provider.credentials)
        ? credentialsForm(ctx, provider.id, provider.name, provider.credentials, index)
        : undefined
    case "webauthn":
      return provider.formFields ? webauthnForm(ctx, provider, index) : undefined
    default:
      return undefined
  }
}

/**
 * The passkey form: Auth.js's fields, "sign in" (a new address registers) and "create a passkey",
 * driven by the library's own script (see webauthn-script.ts), which the page's CSP names exactly.
 * `novalidate`: signing in needs no email (the passkey names the user); the script checks the
 * required fields only when registering.
 */
function webauthnForm(ctx: RequestContext, provider: InternalWebAuthnProvider, index: number): SafeHtml {
  const fields = Object.entries(provider.formFields ?? {}).map(([field, input], n) =>
    credentialInput(field, { ...(isRecord(input) ? (input as CredentialInput) : {}), "data-form-field": true }, `webauthn-${index}-${n}`),
  )
  return html`<div class="provider provider-${index}">
    <form
      id="${provider.id}-form"
      action="${actionUrl(ctx, "callback", provider.id)}"
      method="POST"
      novalidate
      data-webauthn-provider="${provider.id}"
      data-options-url="${webauthnOptionsUrl(ctx, provider.id)}"
      data-conditional="${provider.enableConditionalUI ? "true" : "false"}"
    >
      ${hiddenFields(ctx)} ${fields}
      <p class="webauthn-status" role="alert" data-webauthn-status hidden></p>
      <button type="submit" class="button primary"><span>Sign in with ${provider.name}</span></button>
      <button type="submit" class="button" data-webauthn-action="register"><span>Create a ${provider.name.toLowerCase()}</span></button>
    </form>
  </div>`
}

/** The options endpoint of a WebAuthn provider; the page's CSP admits fetches to it. */
export function webauthnOptionsUrl(ctx: RequestContext, id: string): string {
  return `${ctx.baseUrl}/webauthn-options/${encodeURIComponent(id)}`
}

/** The passkey script's URL; the page's CSP admits exactly this script. */
export function webauthnScriptUrl(ctx: RequestContext): string {
  return `${ctx.baseUrl}/webauthn-script.js`
}

function hiddenFields(ctx: RequestContext): SafeHtml {
  return html`<input type="hidden" name="csrfToken" value="${ctx.csrfToken}" />
    <input type="hidden" name="callbackUrl" value="${ctx.callbackUrl}" />`
}

function actionUrl(ctx: RequestContext, action: "signin" | "callback", id: string): string {
  return `${ctx.baseUrl}/${action}/${encodeURIComponent(id)}`
}

function oauthForm(
  ctx: RequestContext,
  id: string,
  name: string,
  style: ProviderStyle | undefined,
  index: number,
): SafeHtml {
  // Only a logo the provider sets: the page loads nothing from authjs.dev by default.
  const logo = imageUrl(style?.logo)
  return html`<div class="provider provider-${index}">
    <form action="${actionUrl(ctx, "signin", id)}" method="POST">
      ${hiddenFields(ctx)}
      <button type="submit" class="button">
        ${logo ? html`<img src="${logo}" alt="" width="24" height="24" />` : ""}<span>Sign in with ${name}</span>
      </button>
    </form>
  </div>`
}

function providerColors(style: ProviderStyle | undefined, index: number): string {
  if (!style) return ""
  return colorProperties(`.provider-${index} .button`, {
    "--provider-bg": style.bg ?? style.brandColor,
    // Without a text color, the one that reads best on the button's background.
    "--provider-text": style.text ?? readableTextColor(cssColor(style.bg ?? style.brandColor)),
    "--provider-brand": style.brandColor,
  })
}

function emailForm(ctx: RequestContext, id: string, name: string, index: number): SafeHtml {
  const inputId = `email-${index}`
  return html`<div class="provider provider-${index}">
    <form action="${actionUrl(ctx, "signin", id)}" method="POST">
      ${hiddenFields(ctx)}
      <label for="${inputId}">Email</label>
      <input
        id="${inputId}"
        type="email"
        name="email"
        value="${ctx.request.query.email ?? ""}"
        placeholder="email@example.com"
        autocomplete="email"
        required
      />
      <button type="submit" class="button primary"><span>Sign in with ${name}</span></button>
    </form>
  </div>`
}

function hasFields(credentials: unknown): credentials is Record<string, CredentialInput> {
  return isRecord(credentials) && Object.keys(credentials).length > 0
}

function credentialsForm(
  ctx: RequestContext,
  id: string,
  name: string,
  fields: Record<string, CredentialInput>,
  index: number,
): SafeHtml {
  const inputs = Object.entries(fields).map(([field, input], n) =>
    credentialInput(field, isRecord(input) ? input : {}, `credentials-${index}-${n}`),
  )
  return html`<div class="provider provider-${index}">
    <form action="${actionUrl(ctx, "callback", id)}" method="POST">
      ${hiddenFields(ctx)} ${inputs}
      <button type="submit" class="button primary"><span>Sign in with ${name}</span></button>
    </form>
  </div>`
}

const inputTypes = new Set([
  "text",
  "password",
  "email",
  "number",
  "tel",
  "url",
  "search",
  "date",
  "datetime-local",
  "month",
  "week",
  "time",
  "color",
  "hidden",
])

// Attributes a credentials field may pass through. Event handlers, `form`, `formaction` and
// `style` are not here: they could redirect the form or run code.
const passThrough = new Set([
  "placeholder",
  "required",
  "autocomplete",
  "autofocus",
  "minlength",
  "maxlength",
  "min",
  "max",
  "step",
  "pattern",
  "inputmode",
  "size",
  "readonly",
  "disabled",
  "spellcheck",
  "autocapitalize",
  "value",
  "title",
  "dir",
])

function credentialInput(field: string, input: CredentialInput, inputId: string): SafeHtml {
  const type = typeof input.type === "string" && inputTypes.has(input.type) ? input.type : "text"
  const label = typeof input.label === "string" && input.label ? input.label : capitalise(field)
  const attributes = Object.entries(input).map(([attr, value]) => inputAttribute(attr, value))
  const labelTag = type === "hidden" ? "" : html`<label for="${inputId}">${label}</label> `
  return html`${labelTag}<input id="${inputId}" name="${field}" type="${type}" ${attributes} /> `
}

function inputAttribute(attr: string, value: unknown): SafeHtml | string {
  const name = attr.toLowerCase()
  if (!(passThrough.has(name) || /^(?:aria|data)-[a-z0-9-]+$/.test(name))) return ""
  if (value === true) return raw(` ${name}`)
  if (typeof value === "string" || typeof value === "number") return html` ${raw(name)}="${value}"`
  return ""
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}
