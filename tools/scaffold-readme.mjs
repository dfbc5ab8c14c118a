// README.md's steps as tools/test-scaffolds.mjs applies them: the sections are read, not copied, so a
// README edit that breaks a step breaks the scaffold run. Code blocks start with a `// <file>: <where>`
// line saying where a person would put them.
import { randomBytes } from "node:crypto"
import { readFileSync, writeFileSync } from "node:fs"
import { join } from "node:path"

/**
 * "Add to an existing Nest app": the install command, the `.env` file (as README shows it, with a fresh
 * secret pasted in as README says) and the code blocks.
 */
export function readmeSteps(root) {
  const section = readmeSection(root, "## Add to an existing Nest app")
  const blocks = codeBlocks(section)
  const bash = blocks.filter((b) => b.lang === "bash")
  check(bash.length === 1, `expected 1 bash block (install), found ${bash.length}`)
  const dotenv = blocks.filter((b) => b.lang === "dotenv")
  check(dotenv.length === 1, `expected 1 dotenv block (.env), found ${dotenv.length}`)
  check(dotenv[0].lines[0] === "# .env", `the dotenv block does not start with "# .env"`)
  const secret = randomBytes(33).toString("base64")
  const dotenvFile = dotenv[0].lines.map((line) => (line.startsWith("AUTH_SECRET=") ? `AUTH_SECRET=${secret}` : line)).join("\n") + "\n"
  check(dotenvFile.includes(`AUTH_SECRET=${secret}`), "the .env block sets no AUTH_SECRET")
  const code = placedBlocks(blocks)
  check(code.length === 6, `expected 6 ts blocks, found ${code.length}`)
  // One install line per Nest major, each ending in "# Nest <major>".
  const install = Object.fromEntries(
    bash[0].lines.flatMap((line) => {
      const found = /^(npm install .+?)\s+# Nest (\d+)$/.exec(line.trim())
      return found ? [[found[2], found[1]]] : []
    }),
  )
  check(install["11"] && install["12"], `the install block has no line for Nest 11 and one for Nest 12: ${bash[0].lines.join(" | ")}`)
  return { install, dotenvFile, code }
}

/**
 * docs/fits-your-nest-app.md, "Express or Fastify": its first bash block installs the platform; its placed ts blocks switch
 * `src/main.ts` and the e2e test. Later blocks (the GraphQL example) carry no placement line.
 */
export function fastifySteps(root) {
  const blocks = codeBlocks(readmeSection(root, "## Express or Fastify", "docs/fits-your-nest-app.md"))
  const install = blocks.find((b) => b.lang === "bash")?.lines.join("\n").trim()
  // The scaffold is a Nest 11 project, which is the major the README's example names.
  check(install === "npm install @nestjs/platform-fastify@11", `README's Fastify install step is ${JSON.stringify(install)}`)
  const code = placedBlocks(blocks)
  check(code.length === 5, `expected 5 placed ts blocks in "Express or Fastify", found ${code.length}`)
  return { install: install.split(" "), code }
}

function readmeSection(root, heading, file = "README.md") {
  const readme = readFileSync(join(root, file), "utf8")
  const start = readme.indexOf(`\n${heading}\n`)
  check(start !== -1, `${file} has no "${heading}" section`)
  // The section ends at the next heading of its level or above.
  const level = heading.indexOf(" ")
  const next = new RegExp(`\\n#{1,${level}} `, "g")
  next.lastIndex = start + heading.length + 1
  const end = next.exec(readme)?.index
  return readme.slice(start, end)
}

function codeBlocks(section) {
  return [...section.matchAll(/^( *)```(\w+)\n([\s\S]*?)^\1```$/gm)].map(([, indent, lang, body]) => ({
    lang,
    lines: body.split("\n").slice(0, -1).map((line) => line.slice(indent.length)),
  }))
}

/** The ts blocks whose first line says where they go. */
function placedBlocks(blocks) {
  return blocks
    .filter((b) => b.lang === "ts")
    .map(({ lines }) => ({ where: /^\/\/ (\S+): (.+)$/.exec(lines[0] ?? ""), lines }))
    .filter(({ where }) => where)
    .map(({ where, lines }) => ({ file: where[1], where: where[2], lines: lines.slice(1) }))
}

/** Puts a README block where its first line says, as a person editing the file would. */
export function applyBlock(dir, { file, where, lines }) {
  const path = join(dir, file)
  const source = readFileSync(path, "utf8").split("\n")
  const at = (index, indent) => source.splice(index, 0, ...lines.map((line) => (line ? indent + line : line)))
  /** The one line whose code contains `text`, so a step never lands on a guess. */
  const lineWith = (text, exact) => {
    const found = source.flatMap((line, index) => ((exact ? line.trim() === text : line.includes(text)) ? [index] : []))
    check(found.length === 1, `${file} has ${found.length} lines with "${text}", expected 1`)
    return found[0]
  }
  let match
  if (where === "add these imports") {
    const lastImport = source.findLastIndex((line) => /^import .+;$/.test(line))
    check(lastImport !== -1, `${file} has no import line`)
    at(lastImport + 1, "")
  } else if (where === "add to the imports of @Module()") {
    const index = source.findIndex((line) => /^\s*imports: \[\],?$/.test(line))
    check(index !== -1, `${file} has no empty "imports: []" in @Module()`)
    const indent = /^\s*/.exec(source[index])[0]
    source.splice(index, 1, `${indent}imports: [`, `${indent}],`)
    at(index + 1, `${indent}  `)
  } else if (where === "add to the class") {
    const close = source.findLastIndex((line) => line === "}")
    check(close !== -1, `${file} has no class closing brace`)
    at(close, "  ")
    source.splice(close, 0, "")
  } else if (where === "add to the describe block") {
    const close = source.findLastIndex((line) => line === "});")
    check(close !== -1, `${file} has no describe block`)
    at(close, "  ")
    source.splice(close, 0, "")
  } else if ((match = /^replace the line with (.+)$/.exec(where))) {
    const index = lineWith(match[1], false)
    const indent = /^\s*/.exec(source[index])[0]
    source.splice(index, 1)
    at(index, indent)
  } else if ((match = /^add after (.+)$/.exec(where))) {
    const index = lineWith(match[1], true)
    at(index + 1, /^\s*/.exec(source[index])[0])
  } else {
    throw new Error(`README block for ${file}: unknown place "${where}"`)
  }
  writeFileSync(path, source.join("\n"))
}

export function check(condition, message) {
  if (!condition) throw new Error(message)
}
