import { rolesOf, toShanghaiIso } from "@gridcase/core"
import { caseTimeline } from "@gridcase/projections"
import { dashboardFigures } from "../dashboard/figures.ts"
import { HttpError, json, type Request, type Response, type Route } from "../http/router.ts"
import type { Office } from "../office/office.ts"
import { dropNulls } from "./command-bodies.ts"
import { openApiDocument } from "./openapi.ts"
import type { StaffTokens } from "./staff-tokens.ts"

export interface OfficeApiOptions {
  readonly office: Office
  readonly tokens: StaffTokens
}

/** Refusals of the domain, by tag: what HTTP status each one is. */
const STATUS_OF: Readonly<Record<string, number>> = {
  InvalidCommand: 400,
  Forbidden: 403,
  IllegalCaseTransition: 409,
  CaseRuleViolated: 409,
  WrongExpectedVersion: 409,
  StoreUnavailable: 503,
}

const tagOf = (error: unknown): string | undefined =>
  typeof error === "object" && error !== null && "_tag" in error && typeof error._tag === "string"
    ? error._tag
    : undefined

/** A domain refusal as a JSON answer that says what was wrong; anything else is rethrown. */
const refusal = (error: unknown): Response => {
  const tag = tagOf(error)
  const status = tag === undefined ? undefined : STATUS_OF[tag]
  if (status === undefined) throw error
  const fields = error as Record<string, unknown>
  return json(status, {
    error: (error as Error).message,
    type: tag,
    ...(typeof fields.rule === "string" ? { rule: fields.rule } : {}),
  })
}

const personOf = (request: Request, tokens: StaffTokens): string => {
  const header = request.headers.authorization
  const token =
    typeof header === "string" && header.startsWith("Bearer ") ? header.slice(7).trim() : undefined
  if (token === undefined || token === "") {
    throw new HttpError(401, "send your staff token: Authorization: Bearer <token>")
  }
  const person = tokens.personOf(token)
  if (person === undefined) throw new HttpError(401, "this staff token is not valid")
  return person
}

const jsonBody = async (request: Request): Promise<Record<string, unknown>> => {
  const type = request.headers["content-type"] ?? ""
  if (!type.toLowerCase().startsWith("application/json")) {
    throw new HttpError(415, "send JSON: Content-Type must be application/json")
  }
  let parsed: unknown
  try {
    parsed = JSON.parse(await request.text())
  } catch (error) {
    if (error instanceof HttpError) throw error
    throw new HttpError(400, "the body is not valid JSON")
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new HttpError(400, "the body must be a JSON object")
  }
  return dropNulls(parsed) as Record<string, unknown>
}

const idempotencyKey = (request: Request): string | undefined => {
  const key = request.headers["idempotency-key"]
  if (key === undefined) return undefined
  if (typeof key !== "string" || key.length === 0 || key.length > 200) {
    throw new HttpError(400, "Idempotency-Key must be 1 to 200 characters")
  }
  return key
}

const CASE_ID = "([^/]{1,200})"

/**
 * The office API for staff (工作人员接口), JSON under `/api`: report cases and run the whole
 * case loop with per-person tokens (every command is issued in the token holder's name), read
 * a case with its step lights and timeline, and the dashboard's figures. The OpenAPI document
 * at `/api/openapi.json` is generated from the command Schemas.
 */
export const officeApiRoutes = (options: OfficeApiOptions): ReadonlyArray<Route> => {
  const { office, tokens } = options

  /** Sends one command issued by the token's holder; answers with the case as it now stands. */
  const send = async (request: Request, command: Record<string, unknown>, status: number) => {
    const by = personOf(request, tokens)
    const key = idempotencyKey(request)
    try {
      const handled = await office.send(
        { ...command, at: office.now(), by },
        { actor: by, ...(key === undefined ? {} : { commandId: `office:${by}:${key}` }) },
      )
      await office.settle(handled)
      const state = handled.state
      return json(status, {
        caseId: command.caseId,
        events: handled.events.map((event) => event._tag),
        duplicate: handled.duplicate,
        ...(state.exists ? { status: state.status, level: state.level } : {}),
      })
    } catch (error) {
      return refusal(error)
    }
  }

  return [
    {
      method: "GET",
      pattern: /^\/api\/openapi\.json$/,
      handler: async () => json(200, openApiDocument()),
    },
    {
      method: "GET",
      pattern: /^\/api\/me$/,
      handler: async (request) => {
        const personId = personOf(request, tokens)
        const territory = await office.territory()
        return json(200, { personId, roles: territory.exists ? rolesOf(territory, personId) : [] })
      },
    },
    {
      method: "POST",
      pattern: /^\/api\/cases$/,
      handler: async (request) => {
        const body = await jsonBody(request)
        const caseId = typeof body.caseId === "string" ? body.caseId : office.newId()
        return send(request, { ...body, _tag: "ReportCase", caseId }, 201)
      },
    },
    {
      method: "POST",
      pattern: new RegExp(`^/api/cases/${CASE_ID}/commands$`),
      handler: async (request, [caseId = ""]) => {
        const body = await jsonBody(request)
        // Reports create cases and have their own endpoint.
        if (body._tag === "ReportCase") throw new HttpError(400, "report new cases with POST /api/cases")
        return send(request, { ...body, caseId }, 200)
      },
    },
    {
      method: "GET",
      pattern: new RegExp(`^/api/cases/${CASE_ID}$`),
      handler: async (_request, [caseId = ""]) => {
        const state = await office.getCase(caseId)
        if (!state.exists) throw new HttpError(404, `case ${caseId} was not found`)
        const timeline = await office.query(caseTimeline(caseId))
        return json(200, {
          case: state,
          timers: (await office.timers(caseId)).map((timer) => ({
            ...timer,
            startedAt: toShanghaiIso(timer.startedAt),
            endedAt: timer.endedAt === undefined ? null : toShanghaiIso(timer.endedAt),
            dueAt: toShanghaiIso(timer.dueAt),
          })),
          timeline: timeline.entries.map((entry) => ({
            at: toShanghaiIso(entry.event.at),
            type: entry.event._tag,
            by: entry.event.by,
          })),
        })
      },
    },
    {
      method: "GET",
      pattern: /^\/api\/dashboard$/,
      handler: async () => json(200, await dashboardFigures(office)),
    },
  ]
}
