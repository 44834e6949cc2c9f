import { readFileSync } from "node:fs"
import { createRequire } from "node:module"
import { Effect, Layer, Queue, Stream } from "effect"
import { HttpRouter, HttpServerResponse } from "effect/http"
import type { Closing } from "../http/server.ts"
import type { Office } from "../office/office.ts"

const asset = (name: string) => readFileSync(new URL(`./static/${name}`, import.meta.url))

const JS = "text/javascript; charset=utf-8"
/** Where the page's source names ECharts; served under a name that carries its version. */
const ECHARTS_PLACE = "/static/echarts.min.js"

/**
 * Apache ECharts, served from the example's own `node_modules` (no CDN: a command centre's
 * screen runs on the office network). Its maps draw GeoJSON boundaries without tiles, so the
 * whole screen works offline. The file's address names the version, so browsers keep it.
 */
const echarts = (() => {
  const require = createRequire(import.meta.url)
  const { version } = require("echarts/package.json") as { readonly version: string }
  return {
    path: `/static/echarts-${version}.min.js` as const,
    body: readFileSync(require.resolve("echarts/dist/echarts.min.js")),
  }
})()

const ASSETS = {
  "dashboard.html": {
    type: "text/html; charset=utf-8",
    body: new TextEncoder().encode(
      asset("dashboard.html").toString("utf8").replace(ECHARTS_PLACE, echarts.path),
    ),
  },
  "dashboard.css": { type: "text/css; charset=utf-8", body: asset("dashboard.css") },
  "dashboard-boot.js": { type: JS, body: asset("dashboard-boot.js") },
  "dashboard.js": { type: JS, body: asset("dashboard.js") },
} as const

/** How often an idle event stream sends a comment, so proxies keep it open. */
const HEARTBEAT_MS = 15_000

const encoder = new TextEncoder()

/**
 * Server-sent events (服务器推送): one `change` event each time the read models have taken in
 * new events, carrying the store position only, so the page fetches fresh figures with its
 * token. The stream ends when the service shuts down.
 */
export const changeFeed = (office: Office, closing: Closing): HttpServerResponse.HttpServerResponse =>
  HttpServerResponse.stream(
    Stream.callback<string>((queue) =>
      Effect.acquireRelease(
        Effect.sync(() => {
          Queue.offerUnsafe(queue, "retry: 2000\n\n")
          const stop = office.onChange((position) => {
            Queue.offerUnsafe(queue, `event: change\ndata: ${JSON.stringify({ position })}\n\n`)
          })
          const heartbeat = setInterval(() => Queue.offerUnsafe(queue, ": still here\n\n"), HEARTBEAT_MS)
          const unregister = closing.onClose(() => Queue.endUnsafe(queue))
          return () => {
            clearInterval(heartbeat)
            stop()
            unregister()
          }
        }),
        (release) => Effect.sync(release),
      ),
    ).pipe(Stream.map((text) => encoder.encode(text))),
    {
      contentType: "text/event-stream; charset=utf-8",
      headers: { "cache-control": "no-store", connection: "keep-alive" },
    },
  )

const page = (name: keyof typeof ASSETS, headers: Record<string, string> = {}) =>
  HttpServerResponse.uint8Array(ASSETS[name].body, {
    contentType: ASSETS[name].type,
    headers,
  })

/**
 * The dashboard page (指挥大屏), its scripts, styles and ECharts, mounted on the service's
 * router. The page is public; the figures and the map it shows come from `/api/dashboard` and
 * `/api/dashboard/map`, which take a staff token (the page asks for one), and its live updates
 * from the public change feed.
 */
export const dashboardRoutes = Layer.mergeAll(
  HttpRouter.add("GET", "/", HttpServerResponse.redirect("/dashboard", { status: 302 })),
  HttpRouter.add(
    "GET",
    "/dashboard",
    Effect.sync(() => page("dashboard.html")),
  ),
  HttpRouter.add(
    "GET",
    "/static/dashboard.css",
    Effect.sync(() => page("dashboard.css", { "cache-control": "no-cache" })),
  ),
  HttpRouter.add(
    "GET",
    "/static/dashboard-boot.js",
    Effect.sync(() => page("dashboard-boot.js", { "cache-control": "no-cache" })),
  ),
  HttpRouter.add(
    "GET",
    "/static/dashboard.js",
    Effect.sync(() => page("dashboard.js", { "cache-control": "no-cache" })),
  ),
  HttpRouter.add(
    "GET",
    echarts.path,
    Effect.sync(() =>
      HttpServerResponse.uint8Array(echarts.body, {
        contentType: JS,
        headers: { "cache-control": "public, max-age=31536000, immutable" },
      }),
    ),
  ),
)
