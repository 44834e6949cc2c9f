import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http"
import { HttpError, json, match, type Outcome, type Request, type Route, readBody } from "./router.ts"

const BODY_LIMIT = 1024 * 1024

export interface ServerOptions {
  readonly routes: ReadonlyArray<Route>
  /** Told of every failure that is not the client's fault (a 500), with the request it served. */
  readonly onError: (error: unknown, request: { method: string; url: string }) => void
}

const decodePath = (url: URL): string | undefined => {
  try {
    return decodeURIComponent(url.pathname)
  } catch {
    return undefined
  }
}

const respond = (res: ServerResponse, outcome: Outcome, head: boolean) => {
  if (outcome === "streaming") return
  res.writeHead(outcome.status, outcome.headers)
  res.end(head ? undefined : outcome.body)
}

export interface HttpService {
  readonly server: Server
  /**
   * Stops taking connections, lets every request being handled finish, then ends the rest
   * (idle keep-alive connections, event streams). Resolves when nothing is left open.
   */
  readonly shutdown: () => Promise<void>
}

/**
 * A plain node:http server over a route table. Every failure becomes an answer: a route's
 * `HttpError` its status and message, a malformed URL a 400, a missing route a 404, a wrong
 * method a 405 — and anything unexpected a 500 that is reported, never a dropped connection.
 */
export const makeServer = (options: ServerOptions): HttpService => {
  let inFlight = 0
  let drained: (() => void) | undefined
  const handle = async (raw: IncomingMessage, res: ServerResponse): Promise<void> => {
    const method = raw.method ?? "GET"
    const url = URL.canParse(raw.url ?? "/", "http://localhost")
      ? new URL(raw.url ?? "/", "http://localhost")
      : undefined
    const path = url === undefined ? undefined : decodePath(url)
    if (url === undefined || path === undefined) {
      return respond(res, json(400, { error: "the URL is malformed" }), false)
    }
    const found = match(options.routes, method, path)
    if (found._tag === "notFound") return respond(res, json(404, { error: `${path} was not found` }), false)
    if (found._tag === "wrongMethod") {
      return respond(
        res,
        json(405, { error: `${method} is not allowed on ${path}` }, { allow: found.allowed.join(", ") }),
        false,
      )
    }
    let body: Promise<Buffer> | undefined
    const bytes = () => {
      body ??= readBody(raw, BODY_LIMIT)
      return body
    }
    const request: Request = {
      method,
      path,
      query: url.searchParams,
      headers: raw.headers,
      bytes,
      text: async () => (await bytes()).toString("utf8"),
      raw,
    }
    try {
      respond(res, await found.route.handler(request, found.params, res), method === "HEAD")
    } catch (error) {
      if (error instanceof HttpError) return respond(res, json(error.status, { error: error.message }), false)
      options.onError(error, { method, url: raw.url ?? "" })
      if (!res.headersSent) respond(res, json(500, { error: "internal error; it has been logged" }), false)
      else res.end()
    }
  }
  const server = createServer((raw, res) => {
    inFlight++
    void handle(raw, res).finally(() => {
      inFlight--
      if (inFlight === 0) drained?.()
    })
  })
  return {
    server,
    shutdown: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()))
      server.closeIdleConnections()
      if (inFlight > 0) await new Promise<void>((resolve) => (drained = resolve))
      server.closeAllConnections()
      await closed
    },
  }
}
