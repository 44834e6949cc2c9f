import { Instant, Territory } from "@gridcase/core"
import { HttpError, json, type Request, type Route } from "../http/router.ts"
import type { Office } from "../office/office.ts"
import { idempotencyKey, jsonBody, personOf, refusal } from "./staff-request.ts"
import type { StaffTokens } from "./staff-tokens.ts"

export interface ResidentsApiOptions {
  readonly office: Office
  readonly tokens: StaffTokens
}

const RESIDENT_ID = "([^/]{1,200})"

/**
 * Residents (居民), care visits (走访) and the moral bank's points (道德银行) for staff, JSON
 * under `/api/residents`. Every command is issued in the token holder's name and passes core's
 * guarded resident and points handlers (registrars of the household's grid register, its leader
 * or station head decides who needs care, visitors record visits, the bank's counter awards).
 * Personal details arrive in plaintext and are sealed before anything is stored; no answer ever
 * carries them back. Reading a resident is for people holding a role over the resident's grid.
 */
export const residentsApiRoutes = (options: ResidentsApiOptions): ReadonlyArray<Route> => {
  const { office, tokens } = options

  const contextOf = (request: Request, by: string) => {
    const key = idempotencyKey(request)
    return { actor: by, ...(key === undefined ? {} : { commandId: `office:${by}:${key}` }) }
  }

  /** A resident exists and the reader holds a role over the grid of their household. */
  const readable = async (request: Request, residentId: string) => {
    const reader = personOf(request, tokens)
    const resident = await office.residents.get(residentId)
    if (!resident.exists) throw new HttpError(404, `resident ${residentId} was not found`)
    const territory = await office.district()
    const area = territory.exists ? Territory.currentAreaOf(territory, resident.householdId) : undefined
    const path = territory.exists && area !== undefined ? Territory.ancestry(territory, area) : []
    const covered =
      territory.exists &&
      Territory.rolesOf(territory, reader).some(
        ({ scope }) => scope._tag === "area" && path.includes(scope.areaId),
      )
    if (!covered) throw new HttpError(403, `${reader} holds no role over the grid of resident ${residentId}`)
    return resident
  }

  const sendResident = async (request: Request, command: Record<string, unknown>, status: number) => {
    const by = personOf(request, tokens)
    try {
      const { visit, raisedCase } = await office.residents.send(
        { ...command, at: office.now(), by },
        contextOf(request, by),
      )
      await office.settle(visit)
      if (raisedCase !== undefined) await office.settle(raisedCase)
      return json(status, {
        residentId: command.residentId,
        events: visit.events.map((event) => event._tag),
        duplicate: visit.duplicate,
        ...(raisedCase?.state.exists === true
          ? { raisedCase: { caseId: raisedCase.state.caseId, status: raisedCase.state.status } }
          : {}),
      })
    } catch (error) {
      return refusal(error)
    }
  }

  return [
    {
      method: "POST",
      pattern: /^\/api\/residents$/,
      handler: async (request) => {
        const body = await jsonBody(request)
        const residentId = typeof body.residentId === "string" ? body.residentId : office.newId()
        return sendResident(request, { ...body, _tag: "RegisterResident", residentId }, 201)
      },
    },
    {
      method: "POST",
      pattern: new RegExp(`^/api/residents/${RESIDENT_ID}/commands$`),
      handler: async (request, [residentId = ""]) => {
        const body = await jsonBody(request)
        if (body._tag === "RegisterResident")
          throw new HttpError(400, "register residents with POST /api/residents")
        const visit =
          body._tag === "RecordVisit" && typeof body.visitId !== "string" ? { visitId: office.newId() } : {}
        return sendResident(request, { ...body, ...visit, residentId }, 200)
      },
    },
    {
      method: "GET",
      pattern: new RegExp(`^/api/residents/${RESIDENT_ID}$`),
      handler: async (request, [residentId = ""]) => {
        const { person: _sealed, ...resident } = await readable(request, residentId)
        return json(200, {
          ...resident,
          lastAt: Instant.toShanghaiIso(resident.lastAt),
          carePlans: resident.carePlans.map((plan) => ({
            ...plan,
            since: Instant.toShanghaiIso(plan.since),
            until: plan.until === undefined ? null : Instant.toShanghaiIso(plan.until),
          })),
          visits: resident.visits.map((visit) => ({ ...visit, at: Instant.toShanghaiIso(visit.at) })),
        })
      },
    },
    {
      method: "POST",
      pattern: new RegExp(`^/api/residents/${RESIDENT_ID}/points$`),
      handler: async (request, [residentId = ""]) => {
        const body = await jsonBody(request)
        const by = personOf(request, tokens)
        try {
          const handled = await office.points.send(
            { ...body, residentId, at: office.now(), by },
            contextOf(request, by),
          )
          await office.settle(handled)
          return json(200, {
            residentId,
            events: handled.events.map((event) => event._tag),
            duplicate: handled.duplicate,
            balance: handled.state.balance,
          })
        } catch (error) {
          return refusal(error)
        }
      },
    },
    {
      method: "GET",
      pattern: new RegExp(`^/api/residents/${RESIDENT_ID}/points$`),
      handler: async (request, [residentId = ""]) => {
        await readable(request, residentId)
        const ledger = await office.points.get(residentId)
        return json(200, {
          residentId,
          balance: ledger.balance,
          awards: [...ledger.lots.values()].map((lot) => ({
            ...lot,
            expiresAt: lot.expiresAt === undefined ? null : Instant.toShanghaiIso(lot.expiresAt),
          })),
        })
      },
    },
  ]
}
