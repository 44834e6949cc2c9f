import { packageBuild } from "../tsup.base.ts"

export default packageBuild(["src/index.ts", "src/sqlite/index.ts", "src/postgres/index.ts"])
