import { Instant, Territory } from "@gridcase/core"
import { CaseTimeline } from "@gridcase/projections"
import { Effect } from "effect"
import { HttpApiBuilder } from "effect/http-api"
import { BadRequest, call, NotAllowed, NotFound } from "../http/api-errors.ts"
import { jsonBody } from "../http/json-body.ts"
import type { Office } from "../office/office.ts"
import { isOpen311RequestId } from "../open311/report-request.ts"
import { searchCases } from "./case-lists.ts"
import { CaseCommandBody, ReportBody } from "./command-bodies.ts"
import { checkWritten } from "./free-text.ts"
import { asJson, OfficeApi } from "./office-api-definition.ts"
import { coversCase, scopeOf } from "./scope.ts"
import { Caller } from "./staff-auth.ts"

/** The command id of a retried request: one per person and key, so two people's keys never meet. */
export const commandIdOf = (personId: string, key: string | undefined) =>
  key === undefined ? {} : { commandId: `office:${personId}:${key}` }

/** Sends one case command issued by the caller, then waits for the read models (read your own writes). */
const sendCase = (
  office: Office,
  personId: string,
  key: string | undefined,
  command: Record<string, unknown>,
  readsSince: number,
) =>
  call(async () => {
    const handled = await office.cases.send(
      { ...command, at: office.now(), by: personId },
      { actor: personId, ...commandIdOf(personId, key), readsSince },
    )
    await office.settle(handled)
    const state = handled.state
    return {
      caseId: String(command.caseId),
      events: handled.events.map((event) => event._tag),
      duplicate: handled.duplicate,
      ...(state.exists ? { status: state.status, level: state.level } : {}),
    }
  })

/**
 * Where a staff report may be placed: an active grid or micro-grid of the district. A case placed
 * anywhere else could never be acted on and would count as open forever.
 */
const checkPlace = (territory: Territory.State, gridId: unknown) => {
  const area =
    territory.exists && typeof gridId === "string" ? Territory.areaOf(territory, gridId) : undefined
  if (area === undefined || !Territory.isActive(area) || !Territory.isGridLevel(area.level)) {
    return Effect.fail(
      new BadRequest({
        error: `location.gridId must be an active grid of this district, got ${JSON.stringify(gridId)}`,
      }),
    )
  }
  return Effect.void
}

/** The cases group of the office API: report, run any step of the loop, read one case. */
export const casesHandlers = (office: Office) =>
  HttpApiBuilder.group(OfficeApi, "cases", (handlers) =>
    Effect.succeed(
      handlers
        .handleRaw("report", ({ request, headers }) =>
          Effect.gen(function* () {
            // One read of the territory serves the request: checking the place and authorizing.
            const arrived = performance.now()
            const { personId } = yield* Caller
            const body = yield* jsonBody(request, ReportBody)
            yield* checkWritten(body)
            if (typeof body.caseId === "string" && isOpen311RequestId(body.caseId)) {
              return yield* new BadRequest({
                error: `case ids starting "r-" are Open311 requests' own; choose another or leave caseId out`,
              })
            }
            const location = body.location as { readonly gridId?: unknown } | undefined
            yield* checkPlace(yield* call(() => office.district(arrived)), location?.gridId)
            const caseId = typeof body.caseId === "string" ? body.caseId : office.newId()
            return yield* sendCase(
              office,
              personId,
              headers["idempotency-key"],
              {
                ...body,
                _tag: "ReportCase",
                caseId,
              },
              arrived,
            )
          }),
        )
        .handleRaw("command", ({ request, params, headers }) =>
          Effect.gen(function* () {
            const arrived = performance.now()
            const { personId } = yield* Caller
            const body = yield* jsonBody(request, CaseCommandBody)
            yield* checkWritten(body)
            // Reports create cases and have their own endpoint.
            if (body._tag === "ReportCase") {
              return yield* new BadRequest({ error: "report new cases with POST /api/cases" })
            }
            return yield* sendCase(
              office,
              personId,
              headers["idempotency-key"],
              {
                ...body,
                caseId: params.caseId,
              },
              arrived,
            )
          }),
        )
        .handle("search", ({ query }) =>
          Effect.gen(function* () {
            const { personId } = yield* Caller
            return yield* searchCases(office, personId, query)
          }),
        )
        .handle("read", ({ params }) =>
          Effect.gen(function* () {
            const { personId } = yield* Caller
            const { caseId } = params
            const state = yield* call(() => office.cases.get(caseId))
            if (!state.exists) return yield* new NotFound({ error: `case ${caseId} was not found` })
            const territory = yield* call(office.district)
            if (!coversCase(territory, scopeOf(territory, personId), state)) {
              return yield* new NotAllowed({
                error: `case ${caseId} is outside what ${personId}'s roles cover`,
              })
            }
            const timeline = yield* call(() => office.query(CaseTimeline.of(caseId)))
            const timers = yield* call(() => office.cases.timers(caseId))
            return {
              case: asJson(state),
              timers: timers.map((timer) => ({
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
            }
          }),
        ),
    ),
  )
