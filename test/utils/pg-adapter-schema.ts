import pg from "pg"

/**
 * The tables `@auth/pg-adapter` reads and writes (the schema of Auth.js's pg adapter docs), plus two
 * indexes a production database wants: session lookups by token and account lookups by provider.
 * The README shows the same SQL.
 */
export const PG_ADAPTER_SCHEMA = `
CREATE TABLE users (
  id SERIAL PRIMARY KEY,
  name VARCHAR(255),
  email VARCHAR(255),
  "emailVerified" TIMESTAMPTZ,
  image TEXT
);

CREATE TABLE accounts (
  id SERIAL PRIMARY KEY,
  "userId" INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  type VARCHAR(255) NOT NULL,
  provider VARCHAR(255) NOT NULL,
  "providerAccountId" VARCHAR(255) NOT NULL,
  refresh_token TEXT,
  access_token TEXT,
  expires_at BIGINT,
  id_token TEXT,
  scope TEXT,
  session_state TEXT,
  token_type TEXT
);

CREATE TABLE sessions (
  id SERIAL PRIMARY KEY,
  "userId" INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  expires TIMESTAMPTZ NOT NULL,
  "sessionToken" VARCHAR(255) NOT NULL
);

CREATE TABLE verification_token (
  identifier TEXT NOT NULL,
  expires TIMESTAMPTZ NOT NULL,
  token TEXT NOT NULL,
  PRIMARY KEY (identifier, token)
);

CREATE UNIQUE INDEX sessions_session_token ON sessions ("sessionToken");
CREATE UNIQUE INDEX accounts_provider_account ON accounts (provider, "providerAccountId");
`

/** Creates the `@auth/pg-adapter` tables in the database at `url`. */
export async function createPgAdapterSchema(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 })
  await client.connect()
  try {
    await client.query(PG_ADAPTER_SCHEMA)
  } finally {
    await client.end()
  }
}
