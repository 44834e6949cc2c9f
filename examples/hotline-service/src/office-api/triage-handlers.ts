import { Instant, Territory } from "@gridcase/core"
import { UnplacedReports } from "@gridcase/projections"
import { Effect } from "effect"
import { HttpApiBuilder } from "effect/http-api"
import { BadRequest, call, NotAllowed, NotFound } from "../http/api-errors.ts"
import { jsonBody } from "../http/json-body.ts"
import type { Office } from "../office/office.ts"
import { commandIdOf } from "./cases-handlers.ts"
import { checkWritten } from "./free-text.ts"
import { LocateBody, OfficeApi } from "./office-api-definition.ts"
import { coversPlace, type Scope, scopeOf } from "./scope.ts"
import { Caller } from "./staff-auth.ts"

/** Every area of the district the scope covers: the queues the caller may see. */
const areasCovered = (territory: Territory.State, scope: Scope) =>
  territory.exists
    ? [...territory.areas].map(([areaId]) => areaId).filter((areaId) => coversPlace(territory, scope, areaId))
    : []

/**
 * The triage queue (待定位): what citizens reported where no grid matched, kept rather than
 * refused, listed for the dispatchers over the area it waits in, and placed by them in a grid.
 */
export const triageHandlers = (office: Office) =>
  HttpApiBuilder.group(OfficeApi, "triage", (handlers) =>
    Effect.succeed(
      handlers
        .handle("queue", () =>
          Effect.gen(function* () {
            const { personId } = yield* Caller
            const territory = yield* call(office.district)
            const areas = areasCovered(territory, scopeOf(territory, personId))
            const waiting = yield* call(() => office.query(UnplacedReports.waitingIn(areas)))
            return waiting.map((report) => ({
              reportId: report.reportId,
              areaId: report.areaId,
              receivedAt: Instant.toShanghaiIso(report.at),
              source: report.source,
              category: report.category,
              urgency: report.urgency,
              description: report.description,
              location: report.location,
            }))
          }),
        )
        .handleRaw("locate", ({ request, params, headers }) =>
          Effect.gen(function* () {
            const { personId } = yield* Caller
            const body = yield* jsonBody(request, LocateBody)
            yield* checkWritten(body)
            const { reportId } = params
            const report = yield* call(() => office.intake.get(reportId))
            if (!report.exists) return yield* new NotFound({ error: `no report ${reportId} was received` })
            const territory = yield* call(office.district)
            if (!coversPlace(territory, scopeOf(territory, personId), report.areaId)) {
              return yield* new NotAllowed({
                error: `report ${reportId} waits in ${report.areaId}, outside what ${personId}'s roles cover`,
              })
            }
            const grid = territory.exists ? Territory.areaOf(territory, body.gridId) : undefined
            if (
              grid === undefined ||
              !Territory.isActive(grid) ||
              !Territory.isGridLevel(grid.level) ||
              !territory.exists ||
              !Territory.isWithin(territory, grid.areaId, report.areaId)
            ) {
              return yield* new BadRequest({
                error: `gridId must be an active grid within ${report.areaId}, got ${JSON.stringify(body.gridId)}`,
              })
            }
            return yield* call(async () => {
              const { intake, reportedCase } = await office.intake.send(
                {
                  _tag: "LocateReport",
                  reportId,
                  at: office.now(),
                  by: personId,
                  gridId: body.gridId,
                  ...(body.note === undefined ? {} : { note: body.note }),
                },
                { actor: personId, ...commandIdOf(personId, headers["idempotency-key"]) },
              )
              await office.settle(intake)
              if (reportedCase !== undefined) await office.settle(reportedCase)
              const state = reportedCase?.state
              return {
                caseId: reportId,
                events: [...intake.events, ...(reportedCase?.events ?? [])].map((event) => event._tag),
                duplicate: intake.duplicate,
                ...(state?.exists === true ? { status: state.status, level: state.level } : {}),
              }
            })
          }),
        ),
    ),
  )
