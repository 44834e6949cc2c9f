import { EventStore, Territory } from "@gridcase/core"
import { Effect } from "effect"
import type { Office } from "../office/office.ts"
import { buildDistrict } from "./build-district.ts"
import type { DistrictPlan } from "./district-plan.ts"

/** Whether the office's store already holds its district (then nothing is seeded). */
export const isSeeded = (office: Office): Promise<boolean> =>
  office.run(
    Effect.gen(function* () {
      const store = yield* EventStore.EventStore
      const first = yield* store.readStream(Territory.streamId(office.territoryId), { maxCount: 1 })
      return first.length > 0
    }),
  )

/** Creates the planned district in the office's store. */
export const seedDistrict = async (office: Office, plan: DistrictPlan): Promise<Territory.State> => {
  await office.run(buildDistrict(plan, office.now()))
  return office.district()
}
