import type { IncomingMessage, ServerResponse } from "node:http"

/** A request as handlers see it: method, decoded path, query, headers and a size-limited body. */
export interface Request {
  readonly method: string
  readonly path: string
  readonly query: URLSearchParams
  readonly headers: IncomingMessage["headers"]
  /** The body's bytes; rejects with a 413 `HttpError` past the limit. */
  readonly bytes: () => Promise<Buffer>
  /** The body as UTF-8 text; rejects like `bytes`. */
  readonly text: () => Promise<string>
  readonly raw: IncomingMessage
}

/** A complete response. */
export interface Response {
  readonly status: number
  readonly headers: Readonly<Record<string, string>>
  readonly body: string | Uint8Array
}

/** What a handler returns: a response, or `"streaming"` when it took over the raw response (SSE). */
export type Outcome = Response | "streaming"

export type Handler = (
  request: Request,
  params: ReadonlyArray<string>,
  res: ServerResponse,
) => Promise<Outcome>

export interface Route {
  readonly method: string
  /** Matched against the whole decoded path; capture groups become `params`. */
  readonly pattern: RegExp
  readonly handler: Handler
}

/** A refusal with its HTTP status and a message meant for the person calling. */
export class HttpError extends Error {
  readonly status: number
  constructor(status: number, message: string) {
    super(message)
    this.status = status
  }
}

export const json = (status: number, value: unknown, headers: Record<string, string> = {}): Response => ({
  status,
  headers: { "content-type": "application/json; charset=utf-8", ...headers },
  body: JSON.stringify(value),
})

export type Matched =
  | { readonly _tag: "found"; readonly route: Route; readonly params: ReadonlyArray<string> }
  | { readonly _tag: "wrongMethod"; readonly allowed: ReadonlyArray<string> }
  | { readonly _tag: "notFound" }

/** Finds the route for a method and path; a path known under other methods is a 405, not a 404. */
export const match = (routes: ReadonlyArray<Route>, method: string, path: string): Matched => {
  const allowed: Array<string> = []
  for (const route of routes) {
    const found = route.pattern.exec(path)
    if (found === null) continue
    if (route.method === method || (method === "HEAD" && route.method === "GET")) {
      return { _tag: "found", route, params: found.slice(1).map((param) => param ?? "") }
    }
    allowed.push(route.method)
  }
  return allowed.length > 0 ? { _tag: "wrongMethod", allowed } : { _tag: "notFound" }
}

/** Reads a body up to `limit` bytes. */
export const readBody = (raw: IncomingMessage, limit: number): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    const chunks: Array<Buffer> = []
    let size = 0
    raw.on("data", (chunk: Buffer) => {
      size += chunk.length
      if (size > limit) {
        reject(new HttpError(413, `the request body is larger than ${limit} bytes`))
        raw.destroy()
        return
      }
      chunks.push(chunk)
    })
    raw.on("end", () => resolve(Buffer.concat(chunks)))
    raw.on("error", reject)
  })
