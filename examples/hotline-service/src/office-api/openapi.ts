import { Schema } from "effect"
import {
  CaseCommandBody,
  PointsCommandBody,
  RegisterResidentBody,
  ReportBody,
  ResidentCommandBody,
} from "./command-bodies.ts"

type JsonObject = { [key: string]: unknown }

/** JSON Schema (2020-12, which OpenAPI 3.1 uses as is) of a Schema, with its definitions pulled out. */
const schemaOf = (schema: Schema.Top, definitions: JsonObject): JsonObject => {
  const document = Schema.toJsonSchemaDocument(schema)
  Object.assign(definitions, document.definitions)
  return document.schema as JsonObject
}

/** Points `#/$defs/X` references at OpenAPI's `#/components/schemas/X`. */
const relink = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(relink)
  if (typeof value !== "object" || value === null) return value
  return Object.fromEntries(
    Object.entries(value).map(([key, field]) => [
      key,
      key === "$ref" && typeof field === "string"
        ? field.replace("#/$defs/", "#/components/schemas/")
        : relink(field),
    ]),
  )
}

const ErrorBody = Schema.Struct({
  error: Schema.String,
  type: Schema.optional(Schema.String),
  rule: Schema.optional(Schema.String),
}).annotate({ identifier: "Error" })

const Handled = Schema.Struct({
  caseId: Schema.String,
  events: Schema.Array(Schema.String),
  duplicate: Schema.Boolean,
  status: Schema.String,
  level: Schema.String,
}).annotate({ identifier: "HandledCommand" })

/** A body or a response of JSON, shaped by a JSON Schema. */
const jsonContent = (schema: JsonObject) => ({ "application/json": { schema } })

/** Every id in the office API's paths (a case's, a resident's) is a plain string. */
const pathParameter = (name: string) => ({ name, in: "path", required: true, schema: { type: "string" } })

const errorResponses = (definitions: JsonObject, ...statuses: ReadonlyArray<number>) =>
  Object.fromEntries(
    statuses.map((status) => [
      String(status),
      { description: ERROR_MEANING[status], content: jsonContent(schemaOf(ErrorBody, definitions)) },
    ]),
  )

const ERROR_MEANING: Readonly<Record<number, string>> = {
  400: "the body is not a well-formed command (the message lists every problem)",
  401: "no staff token, or an unknown one",
  403: "the token's holder may not issue this command here",
  404: "no such case",
  409: "the case's status or a business rule refuses the command (nothing was appended)",
  415: "the body is not JSON",
}

type Responses = {
  readonly [status: number]: { readonly description: string; readonly content?: JsonObject }
}

/**
 * The office API's OpenAPI 3.1 document, generated from the Effect Schemas of the commands:
 * one request body per case command, so the document says exactly what the decider accepts.
 */
export const openApiDocument = (): JsonObject => {
  const definitions: JsonObject = {}
  // Every command body has an identifier, so each lands in the definitions as `<Tag>Body`.
  const commandBody = schemaOf(CaseCommandBody, definitions)
  const handled = jsonContent(schemaOf(Handled, definitions))
  const security = [{ staffToken: [] }]
  const idempotency = {
    name: "Idempotency-Key",
    in: "header",
    required: false,
    description: "Send the same key when retrying: the command is handled once.",
    schema: { type: "string", minLength: 1, maxLength: 200 },
  }
  /**
   * A command endpoint: a JSON body issued in the token holder's name, handled once however
   * often it is retried with the same Idempotency-Key, and refused for the reasons any command is.
   */
  const command = (operation: {
    readonly summary: string
    /** The id the path names (`{caseId}`, `{residentId}`), when it names one. */
    readonly pathId?: string
    readonly body: JsonObject
    /** What a handled command answers; the refusals every command can meet are added. */
    readonly responses: Responses
  }) => ({
    summary: operation.summary,
    security,
    parameters:
      operation.pathId === undefined ? [idempotency] : [pathParameter(operation.pathId), idempotency],
    requestBody: { required: true, content: jsonContent(operation.body) },
    responses: { ...operation.responses, ...errorResponses(definitions, 400, 401, 403, 409, 415) },
  })
  /** A read of what is kept about a resident, for people holding a role over the resident's grid. */
  const residentRead = (summary: string, description: string) => ({
    summary,
    security,
    parameters: [pathParameter("residentId")],
    responses: { 200: { description }, ...errorResponses(definitions, 401, 403, 404) },
  })
  const document = {
    openapi: "3.1.0",
    info: {
      title: "gridcase office API",
      version: "1.0.0",
      description:
        "The grid office's API for staff (网格化服务管理中心). Every command is issued in the name of the person the bearer token belongs to, and stamped with the office's clock.",
    },
    components: {
      securitySchemes: { staffToken: { type: "http", scheme: "bearer" } },
      schemas: definitions,
    },
    paths: {
      "/api/cases": {
        post: command({
          summary: "Report a case (上报)",
          body: schemaOf(ReportBody, definitions),
          responses: { 201: { description: "reported", content: handled } },
        }),
      },
      "/api/cases/{caseId}/commands": {
        post: command({
          summary:
            "Run a step of the case loop: register, dispatch, acknowledge, handle, resolve, verify, close…",
          pathId: "caseId",
          body: commandBody,
          responses: { 200: { description: "handled", content: handled } },
        }),
      },
      "/api/cases/{caseId}": {
        get: {
          summary: "A case: its state, step lights (红黄绿灯) and timeline",
          parameters: [pathParameter("caseId")],
          responses: {
            200: { description: "the case (core's OpenedCase), its step timers and its timeline" },
            ...errorResponses(definitions, 404),
          },
        },
      },
      "/api/residents": {
        post: command({
          summary: "Register a resident (居民登记); personal details are sealed before they are stored",
          body: schemaOf(RegisterResidentBody, definitions),
          responses: { 201: { description: "registered" } },
        }),
      },
      "/api/residents/{residentId}/commands": {
        post: command({
          summary:
            "Tag, plan care, record a visit (which may raise a case), move, correct or erase a resident",
          pathId: "residentId",
          body: schemaOf(ResidentCommandBody, definitions),
          responses: { 200: { description: "handled" } },
        }),
      },
      "/api/residents/{residentId}": {
        get: residentRead(
          "A resident without personal details: tags, care plans, visits (for roles over their grid)",
          "the resident",
        ),
      },
      "/api/residents/{residentId}/points": {
        post: command({
          summary: "The moral bank (道德银行): award, redeem, expire, reverse",
          pathId: "residentId",
          body: schemaOf(PointsCommandBody, definitions),
          responses: { 200: { description: "handled, with the balance" } },
        }),
        get: residentRead("A resident's balance and awards", "the ledger"),
      },
      "/api/dashboard": {
        get: {
          summary: "The dashboard's figures: the measures a grid office is judged by",
          responses: { 200: { description: "figures" } },
        },
      },
      "/api/events": {
        get: {
          summary: "Server-sent events: `change` whenever the read models have taken in new events",
          responses: { 200: { description: "an event stream", content: { "text/event-stream": {} } } },
        },
      },
      "/api/me": {
        get: {
          summary: "Who the token belongs to, and their roles",
          security,
          responses: { 200: { description: "the person" }, ...errorResponses(definitions, 401) },
        },
      },
    },
  }
  return relink(document) as JsonObject
}
