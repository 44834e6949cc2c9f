import { Resident, Territory } from "@gridcase/core"
import { Residents } from "@gridcase/projections"
import { Effect } from "effect"
import { HttpApiBuilder } from "effect/http-api"
import { lastMonth } from "../dashboard/figures.ts"
import { BadRequest, call, NotAllowed, NotFound } from "../http/api-errors.ts"
import { jsonBody } from "../http/json-body.ts"
import type { Office } from "../office/office.ts"
import { commandIdOf } from "./cases-handlers.ts"
import { PointsCommandBody, RegisterResidentBody, ResidentCommandBody } from "./command-bodies.ts"
import { checkWritten } from "./free-text.ts"
import { OfficeApi, RevealBody } from "./office-api-definition.ts"
import { ledgerView, residentRow, residentView } from "./resident-views.ts"
import { coversPlace, scopeOf } from "./scope.ts"
import { Caller } from "./staff-auth.ts"

/** A resident exists and the caller holds a role over the area their household sits in now. */
export const readableResident = (office: Office, personId: string, residentId: string) =>
  Effect.gen(function* () {
    const resident = yield* call(() => office.residents.get(residentId))
    if (!resident.exists) return yield* new NotFound({ error: `resident ${residentId} was not found` })
    const territory = yield* call(office.district)
    const area = territory.exists ? Territory.currentAreaOf(territory, resident.householdId) : undefined
    if (area === undefined || !coversPlace(territory, scopeOf(territory, personId), area)) {
      return yield* new NotAllowed({
        error: `${personId} holds no role over the grid of resident ${residentId}`,
      })
    }
    return resident
  })

/** Sends one resident command issued by the caller; a visit that raises a case reports it too. */
const sendResident = (
  office: Office,
  personId: string,
  key: string | undefined,
  command: Record<string, unknown>,
) =>
  call(async () => {
    const { visit, raisedCase } = await office.residents.send(
      { ...command, at: office.now(), by: personId },
      { actor: personId, ...commandIdOf(personId, key) },
    )
    await office.settle(visit)
    if (raisedCase !== undefined) await office.settle(raisedCase)
    return {
      residentId: String(command.residentId),
      events: visit.events.map((event) => event._tag),
      duplicate: visit.duplicate,
      ...(raisedCase?.state.exists === true
        ? { raisedCase: { caseId: raisedCase.state.caseId, status: raisedCase.state.status } }
        : {}),
    }
  })

/** The caller's areas, narrowed to `area` when it lies within them (the residents list's filter). */
const areasAsked = (
  territory: Territory.EstablishedTerritory,
  personId: string,
  area: string | undefined,
) => {
  const scope = scopeOf(territory, personId)
  if (area === undefined) return scope.areas
  if (coversPlace(territory, scope, area)) return [area]
  return scope.areas.filter((areaId) => Territory.isWithin(territory, areaId, area))
}

/** What the residents list may be narrowed to: an area, a care tag, a building (楼栋). */
interface ResidentsQuery {
  readonly area?: string | undefined
  readonly tag?: string | undefined
  readonly building?: string | undefined
}

/** Residents in the caller's scope (optionally one area, care tag and building), with last month's visits. */
const listResidents = (office: Office, personId: string, query: ResidentsQuery) =>
  Effect.gen(function* () {
    const territory = yield* call(office.district)
    if (!territory.exists) return { items: [] }
    const areas = areasAsked(territory, personId, query.area)
    const records = yield* call(() =>
      office.query(Residents.recordsIn(areas.map((areaId) => ({ territory, areaId })))),
    )
    const window = lastMonth(office.now())
    return {
      items: records
        .filter((record) => query.tag === undefined || record.tags.some((tag) => tag === query.tag))
        .filter(
          (record) =>
            query.building === undefined ||
            Territory.buildingOf(territory, record.householdId) === query.building,
        )
        .map((record) => residentRow(territory, window, record)),
    }
  })

/** Opens a resident's personal details: the look is recorded first (who, when, why), then the details opened. */
const revealDetails = (office: Office, personId: string, residentId: string, reason: string, key?: string) =>
  Effect.gen(function* () {
    yield* readableResident(office, personId, residentId)
    const { visit } = yield* call(() =>
      office.residents.send(
        { _tag: "RevealPersonalDetails", residentId, at: office.now(), by: personId, reason },
        { actor: personId, ...commandIdOf(personId, key) },
      ),
    )
    if (!visit.state.exists) return yield* new NotFound({ error: `resident ${residentId} was not found` })
    const state = visit.state
    const person = yield* call(() => office.run(Resident.reveal(state)))
    return { residentId, person }
  })

/** Sends one points command (申请/确认积分) on a resident's ledger, answering with the new balance. */
const sendPoints = (
  office: Office,
  personId: string,
  residentId: string,
  body: Record<string, unknown>,
  key: string | undefined,
) =>
  call(async () => {
    const handled = await office.points.send(
      { ...body, residentId, at: office.now(), by: personId },
      { actor: personId, ...commandIdOf(personId, key) },
    )
    await office.settle(handled)
    return {
      residentId,
      events: handled.events.map((event) => event._tag),
      duplicate: handled.duplicate,
      balance: handled.state.balance,
    }
  })

/** A resident command other than registration: a visit gets an id of its own when it brings none. */
const residentCommand = (office: Office, body: Record<string, unknown>) =>
  body._tag === "RecordVisit" && typeof body.visitId !== "string"
    ? { ...body, visitId: office.newId() }
    : body

/**
 * Residents (居民), care visits (走访) and the moral bank's points (道德银行) for staff. Every
 * command passes core's guarded resident and points handlers; personal details arrive in
 * plaintext and are sealed before anything is stored, and no answer carries them back.
 */
export const residentsHandlers = (office: Office) =>
  HttpApiBuilder.group(OfficeApi, "residents", (handlers) =>
    Effect.succeed(
      handlers
        .handle("list", ({ query }) =>
          Effect.gen(function* () {
            const { personId } = yield* Caller
            return yield* listResidents(office, personId, query)
          }),
        )
        .handleRaw("reveal", ({ request, params, headers }) =>
          Effect.gen(function* () {
            const { personId } = yield* Caller
            const body = yield* jsonBody(request, RevealBody)
            yield* checkWritten(body)
            return yield* revealDetails(
              office,
              personId,
              params.residentId,
              body.reason,
              headers["idempotency-key"],
            )
          }),
        )
        .handleRaw("register", ({ request, headers }) =>
          Effect.gen(function* () {
            const { personId } = yield* Caller
            const body = yield* jsonBody(request, RegisterResidentBody)
            yield* checkWritten(body, ["person"])
            const residentId = typeof body.residentId === "string" ? body.residentId : office.newId()
            const command = { ...body, _tag: "RegisterResident", residentId }
            return yield* sendResident(office, personId, headers["idempotency-key"], command)
          }),
        )
        .handleRaw("command", ({ request, params, headers }) =>
          Effect.gen(function* () {
            const { personId } = yield* Caller
            const body = yield* jsonBody(request, ResidentCommandBody)
            yield* checkWritten(body, ["person"])
            if (body._tag === "RegisterResident") {
              return yield* new BadRequest({ error: "register residents with POST /api/residents" })
            }
            const command = { ...residentCommand(office, body), residentId: params.residentId }
            return yield* sendResident(office, personId, headers["idempotency-key"], command)
          }),
        )
        .handle("read", ({ params }) =>
          Effect.gen(function* () {
            const { personId } = yield* Caller
            return residentView(yield* readableResident(office, personId, params.residentId))
          }),
        )
        .handleRaw("points", ({ request, params, headers }) =>
          Effect.gen(function* () {
            const { personId } = yield* Caller
            const body = yield* jsonBody(request, PointsCommandBody)
            yield* checkWritten(body)
            return yield* sendPoints(office, personId, params.residentId, body, headers["idempotency-key"])
          }),
        )
        .handle("ledger", ({ params }) =>
          Effect.gen(function* () {
            const { personId } = yield* Caller
            yield* readableResident(office, personId, params.residentId)
            return ledgerView(params.residentId, yield* call(() => office.points.get(params.residentId)))
          }),
        ),
    ),
  )
