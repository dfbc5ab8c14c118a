// What the GraphQL specs send: a POST /graphql as a JSON client makes it, and the users they sign in.

export const alice = { id: "u-alice", name: "Alice", email: "alice@example.com" }
export const admin = { id: "u-admin", name: "Ada", email: "ada@example.com", role: "admin" }

export interface GraphqlAnswer {
  data?: Record<string, unknown> | null
  errors?: Array<{ message: string; extensions?: { code?: string; originalError?: { statusCode?: number } } }>
}

/** One query to `<baseUrl>/graphql`, bounded at 10 s; the answer's status and JSON body. */
export async function postGraphql(baseUrl: string, query: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${baseUrl}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json", ...headers },
    body: JSON.stringify({ query }),
    signal: AbortSignal.timeout(10_000),
  })
  return { response, body: (await response.json()) as GraphqlAnswer }
}
