import { getToken } from "next-auth/jwt"

export const dynamic = "force-dynamic"

/**
 * Server-side call to the Nest API (API_URL) on behalf of the signed-in user, the two ways the README
 * shows: `?forward=cookie` passes the browser's Cookie header on, `?forward=bearer` sends the session
 * token as `Authorization: Bearer`. Answers with the API's status and body.
 */
export async function GET(request) {
  const forward = request.nextUrl.searchParams.get("forward")
  const headers = { accept: "application/json" }
  if (forward === "cookie") {
    const cookie = request.headers.get("cookie")
    if (cookie) headers.cookie = cookie
  } else if (forward === "bearer") {
    const token = await getToken({ req: request, raw: true })
    if (token) headers.authorization = `Bearer ${token}`
  } else {
    return Response.json({ error: "forward must be cookie or bearer" }, { status: 400 })
  }
  const answer = await fetch(`${process.env.API_URL}/me`, { headers, cache: "no-store", signal: AbortSignal.timeout(10_000) })
  return Response.json({ status: answer.status, body: await answer.json() })
}
