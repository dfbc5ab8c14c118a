// docs/many-instances.md ("Running several instances") shows the nginx configuration test:cluster runs: keep them one.
import { readFileSync } from "node:fs"
import { expect, it } from "vitest"
import { nginxConfig } from "../utils/nginx.js"

it("the nginx block of docs/many-instances.md is the configuration the cluster test generates", () => {
  const guide = readFileSync(new URL("../../docs/many-instances.md", import.meta.url), "utf8")
  expect(guide).toContain("# Running several instances")
  const block = /```nginx\n([\s\S]*?)```/.exec(guide)?.[1]
  expect(block).toBeDefined()
  const generated = nginxConfig("/tmp/x", 8080, [3001, 3002, 3003]).split("\n").map((line) => line.trim())
  for (const line of block!.split("\n").map((l) => l.trim()).filter(Boolean)) expect(generated).toContain(line)
})
