import { packageBuild } from "../tsup.base.ts"

export default packageBuild({
  "memory/index": "src/memory/index.ts",
  "sqlite/index": "src/sqlite/index.ts",
  "postgres/index": "src/postgres/index.ts",
  "eventstoredb/index": "src/eventstoredb/index.ts",
  "kurrentdb/index": "src/kurrentdb/index.ts",
  "testing/index": "src/testing/index.ts",
})
