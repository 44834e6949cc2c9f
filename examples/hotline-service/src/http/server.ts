import { createServer } from "node:http"
import { NodeHttpServer } from "@effect/platform-node"
import { Cause, Effect, Layer, ManagedRuntime, Result } from "effect"
import { HttpRouter, HttpServer, HttpServerRequest, HttpServerResponse } from "effect/http"
import { HttpApiError } from "effect/http-api"

/** Tells long-lived answers (event streams) that the service is shutting down, so they end. */
export interface Closing {
  /** Calls `listener` once when shutdown begins; returns a function that unregisters it. */
  readonly onClose: (listener: () => void) => () => void
}

const makeClosing = () => {
  const listeners = new Set<() => void>()
  return {
    onClose: (listener: () => void) => {
      listeners.add(listener)
      return () => {
        listeners.delete(listener)
      }
    },
    close: () => {
      for (const listener of listeners) listener()
      listeners.clear()
    },
  }
}

/** What Node's HTTP server provides to the routes: the platform (files, paths, ETags). */
type NodeServices = Layer.Success<ReturnType<typeof NodeHttpServer.layer>>

/** What the server reports: each failure that is not the client's fault (a 500), with its request. */
export type OnError = (error: unknown, request: { readonly method: string; readonly url: string }) => void

const json = (status: number, error: string) => HttpServerResponse.jsonUnsafe({ error }, { status })

/**
 * The service's last word on every request, as one global middleware: a path nothing serves is
 * a 404 and a request whose path, query or headers the API's Schemas refuse a 400, both with a
 * message; anything unexpected a 500 that is reported, once, without the request's body. A
 * client that went away (an abort) is no failure: nothing is answered and nothing reported.
 */
const lastWord = (onError: OnError) =>
  HttpRouter.middleware(
    (app) =>
      Effect.catchCause(app, (cause) =>
        Effect.gen(function* () {
          const request = yield* HttpServerRequest.HttpServerRequest
          if (Cause.hasInterruptsOnly(cause)) return yield* Effect.failCause(cause)
          const failure = Cause.findError(cause)
          if (Result.isSuccess(failure)) {
            const error = failure.success as { readonly reason?: { readonly _tag?: string } }
            if (error.reason?._tag === "RouteNotFound")
              return json(404, `${request.method} ${request.url} was not found`)
          }
          const defect = Cause.findDefect(cause)
          const schemaError =
            Result.isSuccess(defect) && HttpApiError.HttpApiSchemaError.is(defect.success)
              ? defect.success
              : undefined
          if (
            schemaError !== undefined &&
            schemaError.kind !== "Body" &&
            schemaError.kind !== "ResponseHeaders"
          ) {
            return json(400, `${schemaError.kind.toLowerCase()}: ${schemaError.cause.message}`)
          }
          onError(Cause.squash(cause), { method: request.method, url: request.url })
          return json(500, "internal error; it has been logged")
        }),
      ),
    { global: true },
  )

/** How long a client told "503, unavailable" should wait before it retries, in seconds. */
const RETRY_AFTER_SECONDS = "1"

/**
 * Every 503 says when to try again (\`Retry-After\`): the store or the database is out for a
 * moment (a restart, a cut connection, a lock handed over), the request changed nothing or is
 * stored under its Idempotency-Key, and a retry soon is the right move.
 */
const retryAfter = HttpRouter.middleware(
  (app) =>
    Effect.map(app, (response) =>
      response.status === 503 && response.headers["retry-after"] === undefined
        ? HttpServerResponse.setHeader(response, "retry-after", RETRY_AFTER_SECONDS)
        : response,
    ),
  { global: true },
)

export interface ServeOptions {
  /** The routes: the office API's layer, the Open311 routes, the dashboard… */
  readonly routes: (closing: Closing) => Layer.Layer<never, unknown, HttpRouter.HttpRouter | NodeServices>
  readonly port: number
  readonly host: string
  readonly onError: OnError
}

export interface Served {
  /** Where it listens, e.g. `http://127.0.0.1:3000`. */
  readonly url: string
  readonly port: number
  /**
   * Stops taking connections, ends event streams, lets every request being handled finish,
   * then closes the rest. Resolves when nothing is left open.
   */
  readonly shutdown: () => Promise<void>
}

/** Serves the routes on Node's HTTP server (`@effect/platform-node`) until `shutdown`. */
export const serve = async (options: ServeOptions): Promise<Served> => {
  const closing = makeClosing()
  const app = Layer.mergeAll(options.routes(closing), lastWord(options.onError), retryAfter)
  const layer = HttpRouter.serve(app, { disableLogger: true, disableListenLog: true }).pipe(
    Layer.provideMerge(
      NodeHttpServer.layer(() => createServer(), { port: options.port, host: options.host }),
    ),
  )
  const runtime = ManagedRuntime.make(layer)
  const server = await runtime.runPromise(HttpServer.HttpServer)
  const address = server.address as { readonly _tag: string; readonly port?: number }
  const port = address.port ?? 0
  const host = options.host.includes(":") ? `[${options.host}]` : options.host
  return {
    url: `http://${host}:${port}`,
    port,
    shutdown: async () => {
      closing.close()
      await runtime.dispose()
    },
  }
}
