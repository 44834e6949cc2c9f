import { Territory } from "@gridcase/core"
import { Effect } from "effect"
import { HttpApiBuilder } from "effect/http-api"
import { changeFeed } from "../dashboard/dashboard-routes.ts"
import { dashboardFigures, focusOf } from "../dashboard/figures.ts"
import { gridMap } from "../dashboard/grid-map.ts"
import { BadRequest, call } from "../http/api-errors.ts"
import type { Closing } from "../http/server.ts"
import type { Office } from "../office/office.ts"
import {
  ACTOR_LABELS,
  CATEGORY_LABELS,
  ESCALATION_REASON_LABELS,
  EVENT_LABELS,
  LEVEL_LABELS,
  LIGHT_LABELS,
  ROLE_LABELS,
  SOURCE_LABELS,
  STATUS_LABELS,
  STEP_LABELS,
} from "../vocabulary.ts"
import { myWork } from "./case-lists.ts"
import { asJson, OfficeApi } from "./office-api-definition.ts"
import { Caller } from "./staff-auth.ts"

/** Who the caller is, and the dashboard's figures and map. */
export const staffHandlers = (office: Office) =>
  HttpApiBuilder.group(OfficeApi, "staff", (handlers) =>
    Effect.succeed(
      handlers
        .handle("me", () =>
          Effect.gen(function* () {
            const { personId } = yield* Caller
            const territory = yield* call(office.district)
            return { personId, roles: territory.exists ? Territory.rolesOf(territory, personId) : [] }
          }),
        )
        .handle("work", () =>
          Effect.gen(function* () {
            const { personId } = yield* Caller
            return yield* myWork(office, personId)
          }),
        )
        .handle("dashboard", ({ query }) =>
          Effect.gen(function* () {
            const area = query.area === "" ? undefined : query.area
            if (area !== undefined && focusOf(yield* call(office.district), area) === undefined) {
              return yield* new BadRequest({
                error: `area must be an area of this district, got ${JSON.stringify(area)}`,
              })
            }
            return yield* call(async () => asJson(await dashboardFigures(office, area)))
          }),
        )
        .handle("dashboardMap", () =>
          Effect.map(call(office.district), (territory) => asJson(gridMap(territory))),
        ),
    ),
  )

/** The public change feed. */
export const publicHandlers = (office: Office, closing: Closing) =>
  HttpApiBuilder.group(OfficeApi, "public", (handlers) =>
    Effect.succeed(
      handlers
        .handle("vocabulary", () =>
          Effect.succeed({
            statuses: STATUS_LABELS,
            levels: LEVEL_LABELS,
            sources: SOURCE_LABELS,
            steps: STEP_LABELS,
            lights: LIGHT_LABELS,
            categories: CATEGORY_LABELS,
            events: EVENT_LABELS,
            escalationReasons: ESCALATION_REASON_LABELS,
            roles: ROLE_LABELS,
            actors: ACTOR_LABELS,
          }),
        )
        .handleRaw("events", () => Effect.succeed(changeFeed(office, closing))),
    ),
  )
