import { packageBuild } from "../tsup.base.ts"

export default packageBuild({
  index: "src/index.ts",
  "sqlite/index": "src/stores/sqlite/index.ts",
  "postgres/index": "src/stores/postgres/index.ts",
})
