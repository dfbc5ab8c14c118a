import type { RequestContext } from "../context.js"
import { html, imageUrl, type PageContent } from "./html.js"

export function signOutPage(ctx: RequestContext): PageContent {
  const logo = imageUrl(ctx.config.theme?.logo)
  const body = html`${logo ? html`<img class="logo" src="${logo}" alt="" />` : ""}
    <main class="card signout">
      <h1>Sign out</h1>
      <p>Are you sure you want to sign out?</p>
      <form action="${ctx.baseUrl}/signout" method="POST">
        <input type="hidden" name="csrfToken" value="${ctx.csrfToken}" />
        <input type="hidden" name="callbackUrl" value="${ctx.callbackUrl}" />
        <button type="submit" class="button primary" id="submitButton">Sign out</button>
      </form>
    </main>`
  return { title: "Sign Out", body }
}
