import { join } from "node:path"
import { makeSqliteEventStore } from "@gridcase/adapters/sqlite"
import { describeEventStoreContract, scopedHarness } from "@gridcase/adapters/testing"
import { tempDir } from "./support/temp-dir.ts"

const dir = tempDir()
let files = 0

describeEventStoreContract(
  "sqlite (file)",
  scopedHarness(() => makeSqliteEventStore({ filename: join(dir, `store-${++files}.db`) })),
)

describeEventStoreContract(
  "sqlite (:memory:)",
  scopedHarness(() => makeSqliteEventStore({ filename: ":memory:" })),
)
