import { packageBuild } from "../tsup.base.ts"

export default packageBuild(["src/index.ts", "src/testing/index.ts", "src/testing/arbitraries/index.ts"])
