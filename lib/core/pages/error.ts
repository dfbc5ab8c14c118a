import type { RequestContext } from "../context.js"
import { html, imageUrl, siteHost, type PageContent, type SafeHtml } from "./html.js"

interface ErrorView {
  status: number
  heading: string
  message: SafeHtml
  /** Offer the sign-in page (errors the user can recover from by signing in again). */
  signIn: boolean
}

const views: Record<string, ErrorView> = {
  Configuration: {
    status: 500,
    heading: "Server error",
    message: html`<p>There is a problem with the server configuration.</p>
      <p>Check the server logs for more information.</p>`,
    signIn: false,
  },
  AccessDenied: {
    status: 403,
    heading: "Access denied",
    message: html`<p>You do not have permission to sign in.</p>`,
    signIn: true,
  },
  Verification: {
    status: 403,
    heading: "Unable to sign in",
    message: html`<p>The sign-in link is no longer valid.</p>
      <p>It may have been used already or it may have expired.</p>`,
    signIn: true,
  },
}

const genericView: ErrorView = {
  status: 200,
  heading: "Error",
  message: html`<p>Something went wrong while signing in.</p>`,
  signIn: false,
}

/** The status and copy for an error type; unknown or missing types get the generic page (200). */
function errorView(errorType: string | undefined): ErrorView {
  return errorType !== undefined && Object.hasOwn(views, errorType) ? views[errorType]! : genericView
}

export function errorPage(ctx: RequestContext, errorType: string | undefined): PageContent & { status: number } {
  const view = errorView(errorType)
  const logo = imageUrl(ctx.config.theme?.logo)
  // Auth.js appends "/signin" to the full error-page URL here; the sign-in page is under basePath.
  const signIn = view.signIn ? html`<a class="signin" href="${ctx.baseUrl}/signin">Sign in</a>` : ""
  const body = html`${logo ? html`<img class="logo" src="${logo}" alt="" />` : ""}
    <main class="card error-page">
      <h1>${view.heading}</h1>
      ${view.message}
      <p class="links">${signIn}<a class="site" href="${ctx.origin}">${siteHost(ctx.origin)}</a></p>
    </main>`
  return { title: "Error", body, status: view.status }
}
