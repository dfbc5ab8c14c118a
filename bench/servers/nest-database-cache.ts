// nest-database with session.readCache (5 s): a repeated session read is answered from memory.
import { serveDatabaseSessions } from "./database-sessions.js"

void serveDatabaseSessions({ maxAge: 5 })
