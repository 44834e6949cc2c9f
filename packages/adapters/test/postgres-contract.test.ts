import { describeEventStoreContract, scopedHarness } from "@gridcase/adapters/testing"
import { Effect } from "effect"
import { storeInFreshSchema, testPool } from "./support/postgres.ts"

const pool = testPool()

describeEventStoreContract(
  "postgres",
  scopedHarness(() => storeInFreshSchema(pool).pipe(Effect.map(({ store }) => store))),
)
