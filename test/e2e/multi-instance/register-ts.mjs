// `node --import ./register-ts.mjs app.ts`: runs a TypeScript entry through ts-hooks.mjs.
import { register } from "node:module"

register("./ts-hooks.mjs", import.meta.url)
