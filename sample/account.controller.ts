import { Body, Controller, ForbiddenException, Get, Header, Post, Req, Res } from "@nestjs/common"
import { AuthService, Public, Session, type CookieResponse, type HttpRequest } from "../lib/index.js"
import { escapeHtml, page, timeTag } from "./html.js"
import { UsersRepository } from "./users.repository.js"

/**
 * The sign-up form, which signs the new user in from server code (`AuthService.signIn`), and the
 * "Your sessions" page: every session of the user with a button to revoke it, "sign out everywhere
 * else" (database sessions), and "sign out everywhere" (both strategies).
 */
/** What these handlers write, in calls Express's `Response` and Fastify's reply both have. */
type Reply = CookieResponse & {
  status(code: number): unknown
  header(name: string, value: string): unknown
  send(body?: string): unknown
}
type Request = HttpRequest

/** Answers with a page, or with a 303 to `location` (Express and Fastify spell `redirect` differently). */
function answer(res: Reply, status: number, headers: Record<string, string>, body?: string): void {
  res.status(status)
  for (const [name, value] of Object.entries(headers)) res.header(name, value)
  res.send(body)
}
const html = (res: Reply, status: number, body: string) => answer(res, status, { "content-type": "text/html; charset=utf-8" }, body)
const seeOther = (res: Reply, location: string) => answer(res, 303, { location })

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
  async signUp(@Req() req: Request, @Res() res: Reply, @Body() body: Record<string, unknown>): Promise<void> {
    assertSameOrigin(req)
    const user = await this.users.register(body ?? {})
    if (typeof user === "string") {
      html(res, 400, signUpPage(user, body?.email))
      return
    }
    // Signed in at once, no redirect dance: the signIn, jwt and session callbacks run as for any sign-in.
    const session = await this.auth.signIn(req, res, user, { isNewUser: true })
    if (!session) html(res, 403, signUpPage("This account may not sign in.", body?.email))
    else seeOther(res, "/")
  }

  @Get("sessions")
  @Header("content-type", "text/html; charset=utf-8")
  @Header("cache-control", "no-store")
  async sessions(@Req() req: Request, @Session() session: Session): Promise<string> {
    const everywhere = `<form method="post" action="/sessions/revoke-all"><button class="button">Sign out everywhere</button></form>`
    // getToken is null for database sessions.
    if (await this.auth.getToken(req)) {
      return page(
        "Your sessions",
        `<p>Signed in as ${escapeHtml(session.user?.email ?? "")}. Sessions are encrypted cookies: they cannot be
        listed, but all of them can be ended at once.</p>${everywhere}<p class="links"><a href="/">Home</a></p>`,
      )
    }
    const rows = ((await this.auth.listSessions(req)) ?? []).map(
      (s) => `<li>Signed in or renewed ${timeTag(s.renewedAt)}, expires ${timeTag(s.expires)}
        ${s.current ? "<strong>(this browser)</strong>" : ""}
        <form method="post" action="/sessions/revoke" class="inline">
          <input type="hidden" name="id" value="${escapeHtml(s.id)}">
          <button class="button" aria-label="Revoke ${s.current ? "this browser's session" : `session ${escapeHtml(s.id.slice(0, 8))}`}">Revoke</button>
        </form></li>`,
    )
    return page(
      "Your sessions",
      `<ul>${rows.join("")}</ul>
      <form method="post" action="/sessions/revoke-others"><button class="button primary">Sign out everywhere else</button></form>
      ${everywhere}<p class="links"><a href="/">Home</a></p>`,
      { wide: true },
    )
  }

  @Post("sessions/revoke")
  async revoke(@Req() req: Request, @Res() res: Reply, @Body() body: { id?: unknown }): Promise<void> {
    assertSameOrigin(req)
    await this.auth.revokeSession(req, res, typeof body?.id === "string" ? body.id : "")
    seeOther(res, "/sessions")
  }

  @Post("sessions/revoke-others")
  async revokeOthers(@Req() req: Request, @Res() res: Reply): Promise<void> {
    assertSameOrigin(req)
    await this.auth.revokeSessions(req, res, { keepCurrent: true })
    seeOther(res, "/sessions")
  }

  @Post("sessions/revoke-all")
  async revokeAll(@Req() req: Request, @Res() res: Reply): Promise<void> {
    assertSameOrigin(req)
    await this.auth.revokeSessions(req, res)
    seeOther(res, "/")
  }
}

/**
 * Cross-site form posts: the session cookie is SameSite=Lax, so a browser does not send it with one;
 * checking Origin as well costs nothing.
 */
function assertSameOrigin(req: Request): void {
  const { origin, host } = req.headers
  if (origin && origin !== `${req.protocol}://${host}`) throw new ForbiddenException()
}

function signUpPage(error?: string, email?: unknown): string {
  const value = typeof email === "string" ? escapeHtml(email) : ""
  return page(
    "Sign up",
    `${error ? `<p class="alert" role="alert">${escapeHtml(error)}</p>` : ""}
    <form method="post" action="/signup">
      <label for="name">Name</label><input id="name" name="name" autocomplete="name">
      <label for="email">Email</label><input id="email" name="email" type="email" required autocomplete="email" value="${value}">
      <label for="password">Password</label>
      <input id="password" name="password" type="password" required minlength="8" autocomplete="new-password" aria-describedby="password-hint">
      <p class="hint" id="password-hint">At least 8 characters.</p>
      <button class="button primary">Sign up</button>
    </form>
    <p class="links">Already have an account? <a href="/auth/signin?callbackUrl=%2F">Sign in</a> · <a href="/">Home</a></p>`,
  )
}
