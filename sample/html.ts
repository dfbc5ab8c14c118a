const entities: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => entities[c]!)
}

/** The sample's page frame. */
export function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>
      <body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 3rem auto">
        <h1>${escapeHtml(title)}</h1>${body}</body></html>`
}
