import { packageBuild } from "../tsup.base.ts"

export default packageBuild({
  index: "src/index.ts",
  "stores/sqlite/index": "src/stores/sqlite/index.ts",
  "stores/postgres/index": "src/stores/postgres/index.ts",
})
