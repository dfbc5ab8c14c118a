import { ALLOWED_EMAIL } from "./app.module.js"

// Shared by the global-guard specs: the users they sign in, and a request as a browser or an API client.

export const alice = { id: "u-alice", name: "Alice", email: ALLOWED_EMAIL }
export const admin = { id: "u-admin", name: "Ada", email: "ada@example.com", role: "admin" }
export const support = { id: "u-support", name: "Sam", email: "sam@example.com", role: ["support"] }
export const aliceAdmin = { ...alice, role: "admin" }

export const BROWSER = { accept: "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8" }
export const API = { accept: "application/json" }

export function get(url: string, headers: Record<string, string> = {}, method = "GET") {
  return fetch(url, { method, headers, redirect: "manual", signal: AbortSignal.timeout(10_000) })
}
