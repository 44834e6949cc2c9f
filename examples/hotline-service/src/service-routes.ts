import type { AddressDirectory } from "@gridcase/core"
import { dashboardRoutes } from "./dashboard/dashboard-routes.ts"
import type { Route } from "./http/router.ts"
import type { Office } from "./office/office.ts"
import { officeApiRoutes } from "./office-api/office-api.ts"
import { residentsApiRoutes } from "./office-api/residents-api.ts"
import type { StaffTokens } from "./office-api/staff-tokens.ts"
import { open311Routes } from "./open311/open311-api.ts"

export interface ServiceOptions {
  readonly office: Office
  /** Open311 api_key → the client application it was issued to. */
  readonly apiKeys: ReadonlyMap<string, string>
  readonly jurisdictionId: string
  readonly baseUrl: () => string
  readonly directory: AddressDirectory
  readonly tokens: StaffTokens
}

/** Everything the service answers: Open311 intake, the office API and the dashboard. */
export const serviceRoutes = (options: ServiceOptions): ReadonlyArray<Route> => [
  ...open311Routes({ ...options, changeset: "2026-11-01" }),
  ...officeApiRoutes(options),
  ...residentsApiRoutes(options),
  ...dashboardRoutes(options.office),
]
