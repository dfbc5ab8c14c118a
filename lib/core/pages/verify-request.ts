import type { RequestContext } from "../context.js"
import { html, imageUrl, siteHost, type PageContent } from "./html.js"

export function verifyRequestPage(ctx: RequestContext): PageContent {
  const logo = imageUrl(ctx.config.theme?.logo)
  const body = html`${logo ? html`<img class="logo" src="${logo}" alt="" />` : ""}
    <main class="card verify-request">
      <h1>Check your email</h1>
      <p>A sign-in link has been sent to your email address.</p>
      <p class="links"><a class="site" href="${ctx.origin}">${siteHost(ctx.origin)}</a></p>
    </main>`
  return { title: "Verify Request", body }
}
