import { FAVICON_LINK } from "./favicon.js"
import { SAMPLE_CSS } from "./styles.js"

const entities: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => entities[c]!)
}

/** An ISO time as people read it (`Fri, 04 Dec 2026 10:58:40 GMT`), the ISO value kept for machines. */
export function timeTag(iso: string): string {
  const time = new Date(iso)
  const readable = Number.isNaN(time.getTime()) ? iso : time.toUTCString()
  return `<time datetime="${escapeHtml(iso)}">${escapeHtml(readable)}</time>`
}

/**
 * The sample's page frame for pages built in code (sign-up, sessions, the Dev IdP's): a card with
 * the title as its heading, styled like the built-in pages. `body` is trusted markup; escape what
 * users typed before it goes in. `wide` gives lists and tables more room.
 */
export function page(title: string, body: string, options: { wide?: boolean } = {}): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>${escapeHtml(title)}</title>
${FAVICON_LINK}
<style>${SAMPLE_CSS}</style>
</head>
<body>
<div class="page">
<main class="card${options.wide ? " wide" : ""}">
<h1>${escapeHtml(title)}</h1>
${body}
</main>
</div>
</body>
</html>
`
}
