import { Instant, Territory } from "@gridcase/core"
import { Effect } from "effect"
import { HttpApiBuilder } from "effect/http-api"
import { call } from "../http/api-errors.ts"
import type { Office } from "../office/office.ts"
import { asJson, OfficeApi } from "./office-api-definition.ts"
import { coversPlace, scopeOf } from "./scope.ts"
import { Caller } from "./staff-auth.ts"

/** The households placed in an area now and the buildings (楼栋) they live in; none for an area outside the caller's scope. */
const householdsAndBuildings = (territory: Territory.EstablishedTerritory, areaId: string | undefined) => {
  const households = areaId === undefined ? [] : [...Territory.householdsIn(territory, areaId)].sort()
  const buildings = new Set(
    households.flatMap((household) => Territory.buildingOf(territory, household) ?? []),
  )
  return { households, buildings: [...buildings].sort() }
}

/**
 * The territory (辖区) as far as the caller's roles reach: every area they cover with its
 * boundary, staff and households, and the areas above them by name only, so the tree has its
 * root. Retired areas stay, with what replaced them (重新划分网格).
 */
export const territoryHandlers = (office: Office) =>
  HttpApiBuilder.group(OfficeApi, "territory", (handlers) =>
    Effect.succeed(
      handlers.handle("tree", () =>
        Effect.gen(function* () {
          const { personId } = yield* Caller
          const territory = yield* call(office.district)
          if (!territory.exists) return { territoryId: office.territoryId, areas: [] }
          const scope = scopeOf(territory, personId)
          const covered = new Set(
            [...territory.areas]
              .map(([areaId]) => areaId)
              .filter((areaId) => coversPlace(territory, scope, areaId)),
          )
          const shown = new Set([...covered].flatMap((areaId) => Territory.ancestry(territory, areaId)))
          const areas = [...territory.areas]
            .filter(([areaId]) => shown.has(areaId))
            .map(([areaId, area]) => {
              const inside = covered.has(areaId)
              return {
                areaId,
                name: area.name,
                level: area.level,
                parentId: area.parentId ?? null,
                kind: area.kind === undefined ? null : asJson(area.kind),
                covered: inside,
                boundary: inside && area.boundary !== undefined ? asJson(area.boundary) : null,
                staff: inside
                  ? Territory.holdersOf(territory, { _tag: "area", areaId }).map(({ personId, role }) => ({
                      personId,
                      role,
                    }))
                  : [],
                ...householdsAndBuildings(territory, inside ? areaId : undefined),
                createdAt: Instant.toShanghaiIso(area.createdAt),
                retiredAt: area.retiredAt === undefined ? null : Instant.toShanghaiIso(area.retiredAt),
                replacedBy: area.replacedBy ?? [],
              }
            })
            .sort((a, b) => a.areaId.localeCompare(b.areaId))
          return { territoryId: territory.territoryId, areas }
        }),
      ),
    ),
  )
