import { Layer } from "effect"
import { HttpApiBuilder } from "effect/http-api"
import { dashboardRoutes } from "./dashboard/dashboard-routes.ts"
import type { Closing } from "./http/server.ts"
import type { Office } from "./office/office.ts"
import { casesHandlers } from "./office-api/cases-handlers.ts"
import { OfficeApi } from "./office-api/office-api-definition.ts"
import { residentsHandlers } from "./office-api/residents-handlers.ts"
import { staffAuthLayer } from "./office-api/staff-auth.ts"
import { publicHandlers, staffHandlers } from "./office-api/staff-handlers.ts"
import type { StaffTokens } from "./office-api/staff-tokens.ts"
import { territoryHandlers } from "./office-api/territory-handlers.ts"
import { triageHandlers } from "./office-api/triage-handlers.ts"
import { type Open311Options, open311Routes } from "./open311/open311-api.ts"

/** What the service needs: what Open311 needs (bar its changeset, which the service fixes) and the staff tokens. */
export interface ServiceOptions extends Omit<Open311Options, "changeset"> {
  readonly office: Office
  readonly tokens: StaffTokens
}

/**
 * Everything the service answers, on one router: the office API as declared in `OfficeApi`
 * (with its OpenAPI document at `/api/openapi.json`), Open311 intake and the dashboard.
 */
export const serviceRoutes = (options: ServiceOptions) => (closing: Closing) => {
  const { office } = options
  const officeApi = HttpApiBuilder.layer(OfficeApi, { openapiPath: "/api/openapi.json" }).pipe(
    Layer.provide([
      casesHandlers(office),
      residentsHandlers(office),
      triageHandlers(office),
      territoryHandlers(office),
      staffHandlers(office),
      publicHandlers(office, closing),
    ]),
    Layer.provide(staffAuthLayer(options.tokens)),
  )
  return Layer.mergeAll(officeApi, open311Routes({ ...options, changeset: "2026-11-01" }), dashboardRoutes)
}
