/** A fragment of markup that is already safe to insert as is. */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value
  }
}

/** Marks trusted markup (never user or config text) so `html` inserts it unescaped. */
export function raw(markup: string): SafeHtml {
  return new SafeHtml(markup)
}

const entities: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
  "`": "&#96;",
}

/** Escapes text for element content and for quoted attribute values alike. */
export function escapeHtml(value: unknown): string {
  return String(value).replace(/[&<>"'`]/g, (c) => entities[c]!)
}

/**
 * Tagged template that escapes every interpolation unless it is a `SafeHtml` (from `raw()` or a
 * nested `html`). Arrays are joined; `null`, `undefined` and `false` render nothing.
 */
export function html(strings: TemplateStringsArray, ...values: unknown[]): SafeHtml {
  let out = strings[0]!
  for (let i = 0; i < values.length; i++) out += interpolate(values[i]) + strings[i + 1]!
  return new SafeHtml(out)
}

function interpolate(value: unknown): string {
  if (value instanceof SafeHtml) return value.value
  if (Array.isArray(value)) return value.map(interpolate).join("")
  if (value === null || value === undefined || value === false) return ""
  return escapeHtml(value)
}

const dataImage = /^data:image\/(?:png|gif|jpeg|webp|avif|svg\+xml)[;,]/i

/**
 * An image URL fit for `src`: http(s), a data: image, or a path on the site. Anything else
 * (`javascript:`, garbage) is dropped rather than rendered.
 */
export function imageUrl(value: unknown): string | undefined {
  if (typeof value !== "string" || value === "") return undefined
  if (value.startsWith("/")) return value
  if (dataImage.test(value)) return value
  try {
    const url = new URL(value)
    return url.protocol === "https:" || url.protocol === "http:" ? value : undefined
  } catch {
    return undefined
  }
}

/** The host part shown in "back to the site" links; the input itself if it is not a URL. */
export function siteHost(origin: string): string {
  try {
    return new URL(origin).host
  } catch {
    return origin
  }
}

export type ColorScheme = "auto" | "dark" | "light"

/** What a page module produces; `render.ts` wraps it in the shell. */
export interface PageContent {
  title: string
  body: SafeHtml
  /** Page-specific rules (already validated) appended to the base stylesheet. */
  css?: string
}

/**
 * The full document. `css` goes verbatim into `<style>` (its hash is the CSP source), so it must
 * never contain `<`; callers only put validated values in it, and this is the last guard.
 */
export function pageShell(title: string, css: string, scheme: ColorScheme, body: SafeHtml): string {
  return html`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="${scheme === "auto" ? "light dark" : scheme}">
<title>${title}</title>
<style>${raw(stylesheetText(css))}</style>
</head>
<body class="__next-auth-theme-${scheme}">
<div class="page">
${body}
</div>
</body>
</html>
`.value
}

/** Neutralises `<` so no value can close the style element. */
export function stylesheetText(css: string): string {
  return css.replace(/</g, "\\3c ")
}
