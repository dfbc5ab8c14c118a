import { Controller, Get, Header } from "@nestjs/common"
import { Public } from "../lib/index.js"

/**
 * The sample's icon: a key on the built-in pages' brand blue, drawn here so nothing is fetched from
 * elsewhere. Browsers ask for /favicon.ico whatever the page links, so the same SVG answers there
 * too (they sniff the type; an SVG is a fraction of an .ico's size).
 */
export const FAVICON_SVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32">
<rect width="32" height="32" rx="7" fill="#346df1"/>
<circle cx="12" cy="16" r="5.5" fill="none" stroke="#fff" stroke-width="3"/>
<path d="M17.5 16H26M22.5 16v4M26 16v3" fill="none" stroke="#fff" stroke-width="3" stroke-linecap="round"/>
</svg>
`

/** The `<link>` every sample page carries. */
export const FAVICON_LINK = `<link rel="icon" type="image/svg+xml" href="/favicon.svg">`

@Public()
@Controller()
export class FaviconController {
  @Get("favicon.svg")
  @Header("content-type", "image/svg+xml")
  @Header("cache-control", "public, max-age=86400")
  svg(): string {
    return FAVICON_SVG
  }

  @Get("favicon.ico")
  @Header("content-type", "image/svg+xml")
  @Header("cache-control", "public, max-age=86400")
  ico(): string {
    return FAVICON_SVG
  }
}
