import { Body, Controller, ForbiddenException, Get, Header, Post, Req, Res } from "@nestjs/common"
import type { Request, Response } from "express"
import { AuthService, Public, Session } from "../lib/index.js"
import { escapeHtml, page } from "./html.js"
import { UsersRepository } from "./users.repository.js"

/**
 * The sign-up form, which signs the new user in from server code (`AuthService.signIn`), and the
 * "Your sessions" page: every session of the user with a button to revoke it, "sign out everywhere
 * else" (database sessions), and "sign out everywhere" (both strategies).
 */
@Controller()
export class AccountController {
  constructor(
    private readonly auth: AuthService,
    private readonly users: UsersRepository,
  ) {}

  @Public()
  @Get("signup")
  @Header("content-type", "text/html; charset=utf-8")
  signUpForm(): string {
    return signUpPage()
  }

  @Public()
  @Post("signup")
  async signUp(@Req() req: Request, @Res() res: Response, @Body() body: Record<string, unknown>): Promise<void> {
    assertSameOrigin(req)
    const user = await this.users.register(body ?? {})
    if (typeof user === "string") {
      res.status(400).type("html").send(signUpPage(user, body?.email))
      return
    }
    // Signed in at once, no redirect dance: the signIn, jwt and session callbacks run as for any sign-in.
    const session = await this.auth.signIn(req, res, user, { isNewUser: true })
    if (!session) res.status(403).type("html").send(signUpPage("This account may not sign in.", body?.email))
    else res.redirect(303, "/")
  }

  @Get("sessions")
  @Header("content-type", "text/html; charset=utf-8")
  @Header("cache-control", "no-store")
  async sessions(@Req() req: Request, @Session() session: Session): Promise<string> {
    const everywhere = `<form method="post" action="/sessions/revoke-all"><button>Sign out everywhere</button></form>`
    // getToken is null for database sessions.
    if (await this.auth.getToken(req)) {
      return page(
        "Your sessions",
        `<p>Signed in as ${escapeHtml(session.user?.email ?? "")}. Sessions are encrypted cookies: they cannot be
        listed, but all of them can be ended at once.</p>${everywhere}<p><a href="/">Home</a></p>`,
      )
    }
    const rows = ((await this.auth.listSessions(req)) ?? []).map(
      (s) => `<li>Signed in or renewed ${escapeHtml(s.renewedAt)}, expires ${escapeHtml(s.expires)}
        ${s.current ? "<strong>(this browser)</strong>" : ""}
        <form method="post" action="/sessions/revoke" style="display:inline">
          <input type="hidden" name="id" value="${escapeHtml(s.id)}">
          <button aria-label="Revoke ${s.current ? "this browser's session" : `session ${escapeHtml(s.id.slice(0, 8))}`}">Revoke</button>
        </form></li>`,
    )
    return page(
      "Your sessions",
      `<ul>${rows.join("")}</ul>
      <form method="post" action="/sessions/revoke-others"><button>Sign out everywhere else</button></form>
      ${everywhere}<p><a href="/">Home</a></p>`,
    )
  }

  @Post("sessions/revoke")
  async revoke(@Req() req: Request, @Res() res: Response, @Body() body: { id?: unknown }): Promise<void> {
    assertSameOrigin(req)
    await this.auth.revokeSession(req, res, typeof body?.id === "string" ? body.id : "")
    res.redirect(303, "/sessions")
  }

  @Post("sessions/revoke-others")
  async revokeOthers(@Req() req: Request, @Res() res: Response): Promise<void> {
    assertSameOrigin(req)
    await this.auth.revokeSessions(req, res, { keepCurrent: true })
    res.redirect(303, "/sessions")
  }

  @Post("sessions/revoke-all")
  async revokeAll(@Req() req: Request, @Res() res: Response): Promise<void> {
    assertSameOrigin(req)
    await this.auth.revokeSessions(req, res)
    res.redirect(303, "/")
  }
}

/**
 * Cross-site form posts: the session cookie is SameSite=Lax, so a browser does not send it with one;
 * checking Origin as well costs nothing.
 */
function assertSameOrigin(req: Request): void {
  const origin = req.get("origin")
  if (origin && origin !== `${req.protocol}://${req.get("host")}`) throw new ForbiddenException()
}

function signUpPage(error?: string, email?: unknown): string {
  const value = typeof email === "string" ? escapeHtml(email) : ""
  return page(
    "Sign up",
    `${error ? `<p role="alert">${escapeHtml(error)}</p>` : ""}
    <form method="post" action="/signup">
      <p><label>Name <input name="name" autocomplete="name"></label></p>
      <p><label>Email <input name="email" type="email" required autocomplete="email" value="${value}"></label></p>
      <p><label>Password <input name="password" type="password" required minlength="8" autocomplete="new-password"></label></p>
      <p><button>Sign up</button></p>
    </form>
    <p>Already have an account? <a href="/auth/signin?callbackUrl=%2F">Sign in</a></p>`,
  )
}
