import { createHash } from "node:crypto"

// Finds the TypeScript blocks of a Markdown document, with the directives that tell the snippet
// compiler what to do with them. Directives are written where a reader of the rendered page does not
// see them (an HTML comment just before the fence), or as a comment on the block's first line:
//
//   <!-- @snippet-skip: a fragment of the class above -->       or, first line: // @snippet-skip: reason
//   <!-- @snippet-prelude
//   declare const users: { check(email: unknown, password: unknown): Promise<{ id: string } | null> }
//   -->
//
// A prelude is TypeScript put before the block, for the names the prose introduced ("your users
// service") that a reader does not need to see declared.

export interface Snippet {
  /** `README.md:76`: the file and the line of the opening fence. */
  where: string
  file: string
  line: number
  code: string
  /** Stays the same while the block's text does, wherever it moves in the file. */
  id: string
  prelude: string
  /** Set when the block is not meant to compile on its own; always with a reason. */
  skip?: string
}

const OPEN = /^(\s*)(`{3,}|~{3,})\s*(ts|typescript)\b/
const SKIP_COMMENT = /^\/\/\s*@snippet-skip:(.*)$/
const SKIP_HTML = /^<!--\s*@snippet-skip:(.*?)-->$/
const PRELUDE_START = /^<!--\s*@snippet-prelude\b/

export function extractSnippets(file: string, markdown: string): Snippet[] {
  const lines = markdown.split(/\r?\n/)
  const snippets: Snippet[] = []
  for (let i = 0; i < lines.length; i++) {
    const open = OPEN.exec(lines[i]!)
    if (!open) continue
    const [, indent = "", fence = "```"] = open
    const body: string[] = []
    let j = i + 1
    for (; j < lines.length; j++) {
      const trimmed = lines[j]!.trim()
      if (trimmed.startsWith(fence[0]!.repeat(fence.length)) && trimmed.replace(/[`~]/g, "") === "") break
      body.push(lines[j]!.startsWith(indent) ? lines[j]!.slice(indent.length) : lines[j]!.trimStart())
    }
    const code = body.join("\n")
    const { prelude, skip: htmlSkip } = directivesBefore(lines, i)
    const commentSkip = SKIP_COMMENT.exec(body[0]?.trim() ?? "")?.[1]
    snippets.push({
      where: `${file}:${i + 1}`,
      file,
      line: i + 1,
      code,
      id: `${file}#${createHash("sha256").update(code).digest("hex").slice(0, 10)}`,
      prelude,
      skip: reasonOf(htmlSkip ?? commentSkip, `${file}:${i + 1}`),
    })
    i = j
  }
  return snippets
}

/** The HTML comments right above a fence (blank lines between them allowed). */
function directivesBefore(lines: string[], fenceAt: number): { prelude: string; skip?: string } {
  let prelude = ""
  let skip: string | undefined
  let k = fenceAt - 1
  while (k >= 0) {
    const trimmed = lines[k]!.trim()
    if (trimmed === "") {
      k--
      continue
    }
    const skipMatch = SKIP_HTML.exec(trimmed)
    if (skipMatch) {
      skip = skipMatch[1]
      k--
      continue
    }
    if (trimmed.endsWith("-->")) {
      // Walk up to the comment's start; only a prelude comment is ours.
      let start = k
      while (start >= 0 && !lines[start]!.includes("<!--")) start--
      if (start < 0 || !PRELUDE_START.test(lines[start]!.trim())) break
      const inner = lines.slice(start, k + 1).join("\n").replace(/^\s*<!--\s*@snippet-prelude\b/, "").replace(/-->\s*$/, "")
      prelude = `${inner.trim()}\n${prelude}`
      k = start - 1
      continue
    }
    break
  }
  return { prelude, skip }
}

function reasonOf(reason: string | undefined, where: string): string | undefined {
  if (reason === undefined) return undefined
  if (reason.trim() === "") throw new Error(`${where}: @snippet-skip needs a reason`)
  return reason.trim()
}
