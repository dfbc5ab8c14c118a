import { Controller, Get, Header } from "@nestjs/common"
import { Public, Session } from "../lib/index.js"
import { BASE_PATH, demoLogin } from "./auth.config.js"
import { MAILBOX_PATH } from "./dev-mailbox.js"
import { escapeHtml } from "./html.js"

@Controller()
export class AppController {
  /** The home page: who is signed in, and links to sign in or out. */
  @Public()
  @Get()
  @Header("content-type", "text/html; charset=utf-8")
  home(@Session() session: Session | null): string {
    const user = session?.user
    const body = user
      ? `<p>Signed in as <strong>${escapeHtml(user.name ?? user.email ?? "someone")}</strong>` +
        `${user.email ? ` (${escapeHtml(user.email)})` : ""}.</p>
         <p><a href="/profile">Your session as JSON</a> · <a href="/sessions">Your sessions</a> · <a href="${BASE_PATH}/signout?callbackUrl=%2F">Sign out</a></p>`
      : `<p>You are not signed in.</p>
         <p><a href="${BASE_PATH}/signin?callbackUrl=%2Fprofile">Sign in</a> · <a href="/signup">Sign up</a></p>
         <p>Use <code>${demoLogin.email}</code> / <code>${demoLogin.password}</code>, any username at "Dev IdP",
         or any email address: the sign-in link appears in the <a href="${MAILBOX_PATH}">dev mailbox</a>.</p>`
    return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>nestjs-authjs sample</title></head>
      <body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 3rem auto">
        <h1>nestjs-authjs sample</h1>${body}</body></html>`
  }

  /** Guarded (by the global AuthGuard): the session, as `GET /auth/session` returns it. */
  @Get("profile")
  profile(@Session() session: Session): Session {
    return session
  }
}
