// Nest + AuthModule with database sessions in PostgreSQL through @auth/pg-adapter (BENCH_PG_URL).
import { serveDatabaseSessions } from "./database-sessions.js"

void serveDatabaseSessions()
