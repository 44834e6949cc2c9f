import { Instant, Resident, Territory } from "@gridcase/core"
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
import { asJson, OfficeApi, RevealBody } from "./office-api-definition.ts"
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
            const territory = yield* call(office.district)
            if (!territory.exists) return { items: [] }
            const scope = scopeOf(territory, personId)
            const area = query.area
            // The caller's areas, narrowed to the one asked for when it lies within them.
            const areas =
              area === undefined
                ? scope.areas
                : coversPlace(territory, scope, area)
                  ? [area]
                  : scope.areas.filter((areaId) => Territory.isWithin(territory, areaId, area))
            const records = yield* call(() =>
              office.query(Residents.recordsIn(areas.map((areaId) => ({ territory, areaId })))),
            )
            const window = lastMonth(office.now())
            return {
              items: records
                .filter((record) => query.tag === undefined || record.tags.some((tag) => tag === query.tag))
                .map((record) => {
                  const compliance = Resident.careVisitCompliance([record], window)
                  return {
                    residentId: record.residentId,
                    householdId: record.householdId,
                    areaId: Territory.currentAreaOf(territory, record.householdId) ?? null,
                    tags: record.tags,
                    carePlans: record.carePlans
                      .filter((plan) => plan.until === undefined)
                      .map((plan) => ({ tag: plan.tag, visits: plan.cadence.visits, per: plan.cadence.per })),
                    lastVisitAt:
                      record.visits.length === 0 ? null : Instant.toShanghaiIso(record.visits.at(-1)!.at),
                    compliance: {
                      from: Instant.toShanghaiIso(window.from),
                      to: Instant.toShanghaiIso(window.to),
                      due: compliance.due,
                      met: compliance.met,
                    },
                    erased: record.erased,
                  }
                }),
            }
          }),
        )
        .handleRaw("reveal", ({ request, params, headers }) =>
          Effect.gen(function* () {
            const { personId } = yield* Caller
            const body = yield* jsonBody(request, RevealBody)
            yield* checkWritten(body)
            yield* readableResident(office, personId, params.residentId)
            // The look is recorded first (who, when, why); only then are the details opened.
            const { visit } = yield* call(() =>
              office.residents.send(
                {
                  _tag: "RevealPersonalDetails",
                  residentId: params.residentId,
                  at: office.now(),
                  by: personId,
                  reason: body.reason,
                },
                { actor: personId, ...commandIdOf(personId, headers["idempotency-key"]) },
              ),
            )
            if (!visit.state.exists)
              return yield* new NotFound({ error: `resident ${params.residentId} was not found` })
            const state = visit.state
            const person = yield* call(() => office.run(Resident.reveal(state)))
            return { residentId: params.residentId, person }
          }),
        )
        .handleRaw("register", ({ request, headers }) =>
          Effect.gen(function* () {
            const { personId } = yield* Caller
            const body = yield* jsonBody(request, RegisterResidentBody)
            yield* checkWritten(body, ["person"])
            const residentId = typeof body.residentId === "string" ? body.residentId : office.newId()
            return yield* sendResident(office, personId, headers["idempotency-key"], {
              ...body,
              _tag: "RegisterResident",
              residentId,
            })
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
            const visit =
              body._tag === "RecordVisit" && typeof body.visitId !== "string"
                ? { visitId: office.newId() }
                : {}
            return yield* sendResident(office, personId, headers["idempotency-key"], {
              ...body,
              ...visit,
              residentId: params.residentId,
            })
          }),
        )
        .handle("read", ({ params }) =>
          Effect.gen(function* () {
            const { personId } = yield* Caller
            const { person: _sealed, ...resident } = yield* readableResident(
              office,
              personId,
              params.residentId,
            )
            return asJson({
              ...resident,
              lastAt: Instant.toShanghaiIso(resident.lastAt),
              carePlans: resident.carePlans.map((plan) => ({
                ...plan,
                since: Instant.toShanghaiIso(plan.since),
                until: plan.until === undefined ? null : Instant.toShanghaiIso(plan.until),
              })),
              visits: resident.visits.map((visit) => ({ ...visit, at: Instant.toShanghaiIso(visit.at) })),
            })
          }),
        )
        .handleRaw("points", ({ request, params, headers }) =>
          Effect.gen(function* () {
            const { personId } = yield* Caller
            const body = yield* jsonBody(request, PointsCommandBody)
            yield* checkWritten(body)
            const key = headers["idempotency-key"]
            return yield* call(async () => {
              const handled = await office.points.send(
                { ...body, residentId: params.residentId, at: office.now(), by: personId },
                { actor: personId, ...commandIdOf(personId, key) },
              )
              await office.settle(handled)
              return {
                residentId: params.residentId,
                events: handled.events.map((event) => event._tag),
                duplicate: handled.duplicate,
                balance: handled.state.balance,
              }
            })
          }),
        )
        .handle("ledger", ({ params }) =>
          Effect.gen(function* () {
            const { personId } = yield* Caller
            yield* readableResident(office, personId, params.residentId)
            const ledger = yield* call(() => office.points.get(params.residentId))
            return asJson({
              residentId: params.residentId,
              balance: ledger.balance,
              awards: [...ledger.lots.values()].map((lot) => ({
                ...lot,
                expiresAt: lot.expiresAt === undefined ? null : Instant.toShanghaiIso(lot.expiresAt),
              })),
            })
          }),
        ),
    ),
  )
