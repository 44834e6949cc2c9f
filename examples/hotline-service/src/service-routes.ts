import { dashboardRoutes } from "./dashboard/dashboard-routes.ts"
import type { Route } from "./http/router.ts"
import { type OfficeApiOptions, officeApiRoutes } from "./office-api/office-api.ts"
import { type ResidentsApiOptions, residentsApiRoutes } from "./office-api/residents-api.ts"
import { type Open311Options, open311Routes } from "./open311/open311-api.ts"

/**
 * What the service needs: what each of its parts needs, bar the Open311 changeset, which the
 * service fixes itself.
 */
export interface ServiceOptions
  extends Omit<Open311Options, "changeset">,
    OfficeApiOptions,
    ResidentsApiOptions {}

/** Everything the service answers: Open311 intake, the office API and the dashboard. */
export const serviceRoutes = (options: ServiceOptions): ReadonlyArray<Route> => [
  ...open311Routes({ ...options, changeset: "2026-11-01" }),
  ...officeApiRoutes(options),
  ...residentsApiRoutes(options),
  ...dashboardRoutes(options.office),
]
