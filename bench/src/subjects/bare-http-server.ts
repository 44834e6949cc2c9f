/**
 * The ceiling (上限) of the HTTP figures, run as a process of its own as the service is:
 * `node:http` with keep-alive, the request's body read and parsed as the service parses it (a
 * form for Open311, JSON for the office API), its key or staff token checked against a map, and
 * one INSERT of one event row per request on the same database at the same durability (SQLite
 * WAL with synchronous=FULL; PostgreSQL with synchronous_commit=on, a pool of 10). Nothing else:
 * no validation, no territory, no decider, no version check, no read model.
 *
 *   node --conditions=@gridcase/source bench/src/subjects/bare-http-server.ts sqlite|postgres API_KEY STAFF_TOKEN
 *
 * Prints `Listening on <url>` once it listens; on SIGTERM it closes its database and exits.
 */
import { randomUUID } from "node:crypto"
import { createServer, type IncomingMessage } from "node:http"
import type { EventStore } from "@gridcase/core"
import { openRawPostgres } from "./raw-postgres.ts"
import { openRawSqlite } from "./raw-sqlite.ts"

const [kind, apiKey, staffToken] = process.argv.slice(2)
if ((kind !== "sqlite" && kind !== "postgres") || apiKey === undefined || staffToken === undefined)
  throw new Error("usage: bare-http-server.ts sqlite|postgres API_KEY STAFF_TOKEN")

const store =
  kind === "sqlite"
    ? (() => {
        const raw = openRawSqlite()
        return {
          insert: async (streamId: string, events: ReadonlyArray<EventStore.NewEvent>) =>
            raw.insertInTransaction(streamId, 1, events),
          close: async () => raw.close(),
        }
      })()
    : await (async () => {
        const raw = await openRawPostgres(10)
        return {
          insert: (streamId: string, events: ReadonlyArray<EventStore.NewEvent>) =>
            raw.insert(streamId, 1, events),
          close: raw.close,
        }
      })()

const bodyOf = async (request: IncomingMessage): Promise<string> => {
  const chunks: Array<Buffer> = []
  for await (const chunk of request) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString("utf8")
}

/** The request's fields, or `undefined` when it is not allowed: a form with the api_key, or JSON with the staff token. */
const fieldsOf = async (request: IncomingMessage): Promise<Record<string, unknown> | undefined> => {
  const body = await bodyOf(request)
  if (request.url?.startsWith("/open311/") === true) {
    const form = Object.fromEntries(new URLSearchParams(body))
    return form.api_key === apiKey ? form : undefined
  }
  return request.headers.authorization === `Bearer ${staffToken}`
    ? (JSON.parse(body) as Record<string, unknown>)
    : undefined
}

const server = createServer({ keepAlive: true }, (request, response) => {
  fieldsOf(request)
    .then(async (fields) => {
      if (fields === undefined) {
        response.writeHead(403).end()
        return
      }
      const caseId = randomUUID()
      const eventId = randomUUID()
      await store.insert(`case-${caseId}`, [
        {
          type: "CaseReported",
          data: { caseId, ...fields },
          metadata: { eventId, schemaVersion: 1, recordedAt: Date.now(), commandId: eventId },
        },
      ])
      response
        .writeHead(request.url?.startsWith("/open311/") === true ? 200 : 201, {
          "content-type": "application/json",
        })
        .end(JSON.stringify([{ service_request_id: caseId }]))
    })
    .catch((error: unknown) => {
      response.writeHead(500).end(String(error))
    })
})

server.listen(0, "127.0.0.1", () => {
  const address = server.address()
  if (address === null || typeof address === "string") throw new Error("no TCP address")
  console.log(`Listening on http://127.0.0.1:${address.port}`)
})

process.on("SIGTERM", () => {
  server.close()
  server.closeAllConnections()
  store.close().then(
    () => process.exit(0),
    () => process.exit(1),
  )
})
