import { Territory } from "@gridcase/core"
import { Effect } from "effect"
import { HttpApiBuilder } from "effect/http-api"
import { changeFeed } from "../dashboard/dashboard-routes.ts"
import { dashboardFigures } from "../dashboard/figures.ts"
import { call } from "../http/api-errors.ts"
import type { Closing } from "../http/server.ts"
import type { Office } from "../office/office.ts"
import {
  CATEGORY_LABELS,
  LEVEL_LABELS,
  LIGHT_LABELS,
  SOURCE_LABELS,
  STATUS_LABELS,
  STEP_LABELS,
} from "../vocabulary.ts"
import { myWork } from "./case-lists.ts"
import { asJson, OfficeApi } from "./office-api-definition.ts"
import { Caller } from "./staff-auth.ts"

/** Who the caller is, and the dashboard's figures. */
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
        .handle("dashboard", () => call(async () => asJson(await dashboardFigures(office)))),
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
          }),
        )
        .handleRaw("events", () => Effect.succeed(changeFeed(office, closing))),
    ),
  )
