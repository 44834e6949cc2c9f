import { readFileSync } from "node:fs"
import type { ServerResponse } from "node:http"
import type { Request, Route } from "../http/router.ts"
import type { Office } from "../office/office.ts"

const asset = (name: string) => readFileSync(new URL(`./static/${name}`, import.meta.url))

const ASSETS = {
  "dashboard.html": { type: "text/html; charset=utf-8", body: asset("dashboard.html") },
  "dashboard.css": { type: "text/css; charset=utf-8", body: asset("dashboard.css") },
  "dashboard.js": { type: "text/javascript; charset=utf-8", body: asset("dashboard.js") },
} as const

/** How often an idle event stream sends a comment, so proxies keep it open. */
const HEARTBEAT_MS = 15_000

/**
 * Server-sent events (服务器推送): one `change` event each time the read models have taken in
 * new events, carrying the store position, so the page fetches fresh figures.
 */
const events =
  (office: Office) => async (request: Request, _params: ReadonlyArray<string>, res: ServerResponse) => {
    res.writeHead(200, {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-store",
      connection: "keep-alive",
    })
    res.write("retry: 2000\n\n")
    const stop = office.onChange((position) => {
      res.write(`event: change\ndata: ${JSON.stringify({ position })}\n\n`)
    })
    const heartbeat = setInterval(() => res.write(": still here\n\n"), HEARTBEAT_MS)
    request.raw.on("close", () => {
      clearInterval(heartbeat)
      stop()
    })
    return "streaming" as const
  }

/** The dashboard page (指挥大屏), its script and styles, and the event stream that keeps it live. */
export const dashboardRoutes = (office: Office): ReadonlyArray<Route> => [
  {
    method: "GET",
    pattern: /^\/$/,
    handler: async () => ({ status: 302, headers: { location: "/dashboard" }, body: "" }),
  },
  {
    method: "GET",
    pattern: /^\/dashboard$/,
    handler: async () => ({
      status: 200,
      headers: { "content-type": ASSETS["dashboard.html"].type },
      body: ASSETS["dashboard.html"].body,
    }),
  },
  {
    method: "GET",
    pattern: /^\/static\/(dashboard\.(?:css|js))$/,
    handler: async (_request, [name]) => {
      const found = ASSETS[name as keyof typeof ASSETS]
      return {
        status: 200,
        headers: { "content-type": found.type, "cache-control": "no-cache" },
        body: found.body,
      }
    },
  },
  { method: "GET", pattern: /^\/api\/events$/, handler: events(office) },
]
