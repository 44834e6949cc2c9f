import { baotou } from "./baotou.ts"
import { bijie } from "./bijie.ts"
import { gujiao } from "./gujiao.ts"
import { haikou } from "./haikou.ts"
import { nantong } from "./nantong.ts"
import type { Scenario } from "./scenario.ts"

/** The five seed stories, by name. */
export const SCENARIOS: ReadonlyArray<Scenario> = [haikou, nantong, gujiao, baotou, bijie]
