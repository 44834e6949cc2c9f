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

const errorResponses = (definitions: JsonObject, ...statuses: ReadonlyArray<number>) =>
  Object.fromEntries(
    statuses.map((status) => [
      String(status),
      {
        description: ERROR_MEANING[status],
        content: { "application/json": { schema: schemaOf(ErrorBody, definitions) } },
      },
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

/**
 * The office API's OpenAPI 3.1 document, generated from the Effect Schemas of the commands:
 * one request body per case command, so the document says exactly what the decider accepts.
 */
export const openApiDocument = (): JsonObject => {
  const definitions: JsonObject = {}
  // Every command body has an identifier, so each lands in the definitions as `<Tag>Body`.
  const commandBody = schemaOf(CaseCommandBody, definitions)
  const handled = { "application/json": { schema: schemaOf(Handled, definitions) } }
  const security = [{ staffToken: [] }]
  const idempotency = {
    name: "Idempotency-Key",
    in: "header",
    required: false,
    description: "Send the same key when retrying: the command is handled once.",
    schema: { type: "string", minLength: 1, maxLength: 200 },
  }
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
        post: {
          summary: "Report a case (上报)",
          security,
          parameters: [idempotency],
          requestBody: {
            required: true,
            content: { "application/json": { schema: schemaOf(ReportBody, definitions) } },
          },
          responses: {
            201: { description: "reported", content: handled },
            ...errorResponses(definitions, 400, 401, 403, 409, 415),
          },
        },
      },
      "/api/cases/{caseId}/commands": {
        post: {
          summary:
            "Run a step of the case loop: register, dispatch, acknowledge, handle, resolve, verify, close…",
          security,
          parameters: [
            { name: "caseId", in: "path", required: true, schema: { type: "string" } },
            idempotency,
          ],
          requestBody: {
            required: true,
            content: { "application/json": { schema: commandBody } },
          },
          responses: {
            200: { description: "handled", content: handled },
            ...errorResponses(definitions, 400, 401, 403, 409, 415),
          },
        },
      },
      "/api/cases/{caseId}": {
        get: {
          summary: "A case: its state, step lights (红黄绿灯) and timeline",
          parameters: [{ name: "caseId", in: "path", required: true, schema: { type: "string" } }],
          responses: {
            200: { description: "the case (core's OpenedCase), its step timers and its timeline" },
            ...errorResponses(definitions, 404),
          },
        },
      },
      "/api/residents": {
        post: {
          summary: "Register a resident (居民登记); personal details are sealed before they are stored",
          security,
          parameters: [idempotency],
          requestBody: {
            required: true,
            content: { "application/json": { schema: schemaOf(RegisterResidentBody, definitions) } },
          },
          responses: {
            201: { description: "registered" },
            ...errorResponses(definitions, 400, 401, 403, 409, 415),
          },
        },
      },
      "/api/residents/{residentId}/commands": {
        post: {
          summary:
            "Tag, plan care, record a visit (which may raise a case), move, correct or erase a resident",
          security,
          parameters: [
            { name: "residentId", in: "path", required: true, schema: { type: "string" } },
            idempotency,
          ],
          requestBody: {
            required: true,
            content: { "application/json": { schema: schemaOf(ResidentCommandBody, definitions) } },
          },
          responses: {
            200: { description: "handled" },
            ...errorResponses(definitions, 400, 401, 403, 409, 415),
          },
        },
      },
      "/api/residents/{residentId}": {
        get: {
          summary:
            "A resident without personal details: tags, care plans, visits (for roles over their grid)",
          security,
          parameters: [{ name: "residentId", in: "path", required: true, schema: { type: "string" } }],
          responses: { 200: { description: "the resident" }, ...errorResponses(definitions, 401, 403, 404) },
        },
      },
      "/api/residents/{residentId}/points": {
        post: {
          summary: "The moral bank (道德银行): award, redeem, expire, reverse",
          security,
          parameters: [
            { name: "residentId", in: "path", required: true, schema: { type: "string" } },
            idempotency,
          ],
          requestBody: {
            required: true,
            content: { "application/json": { schema: schemaOf(PointsCommandBody, definitions) } },
          },
          responses: {
            200: { description: "handled, with the balance" },
            ...errorResponses(definitions, 400, 401, 403, 409, 415),
          },
        },
        get: {
          summary: "A resident's balance and awards",
          security,
          parameters: [{ name: "residentId", in: "path", required: true, schema: { type: "string" } }],
          responses: { 200: { description: "the ledger" }, ...errorResponses(definitions, 401, 403, 404) },
        },
      },
      "/api/dashboard": {
        get: {
          summary: "The dashboard's figures (DOMAIN §7)",
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
