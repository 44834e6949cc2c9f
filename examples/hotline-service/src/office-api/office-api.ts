import { Instant, Territory } from "@gridcase/core"
import { CaseTimeline } from "@gridcase/projections"
import { dashboardFigures } from "../dashboard/figures.ts"
import { HttpError, json, type Request, type Route } from "../http/router.ts"
import type { Office } from "../office/office.ts"
import { openApiDocument } from "./openapi.ts"
import { idempotencyKey, jsonBody, personOf, refusal } from "./staff-request.ts"
import type { StaffTokens } from "./staff-tokens.ts"

export interface OfficeApiOptions {
  readonly office: Office
  readonly tokens: StaffTokens
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
      const handled = await office.cases.send(
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
        const territory = await office.district()
        return json(200, { personId, roles: territory.exists ? Territory.rolesOf(territory, personId) : [] })
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
        const state = await office.cases.get(caseId)
        if (!state.exists) throw new HttpError(404, `case ${caseId} was not found`)
        const timeline = await office.query(CaseTimeline.of(caseId))
        return json(200, {
          case: state,
          timers: (await office.cases.timers(caseId)).map((timer) => ({
            ...timer,
            startedAt: Instant.toShanghaiIso(timer.startedAt),
            endedAt: timer.endedAt === undefined ? null : Instant.toShanghaiIso(timer.endedAt),
            dueAt: Instant.toShanghaiIso(timer.dueAt),
          })),
          timeline: timeline.entries.map((entry) => ({
            at: Instant.toShanghaiIso(entry.event.at),
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
