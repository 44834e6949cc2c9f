/**
 * `pnpm scenario <name>` plays one seed story (haikou, nantong, gujiao, baotou, bijie — or `all`)
 * through the office's real command path and prints it as it happens, then how each case ended.
 */
import { SCENARIOS } from "./index.ts"
import { runScenario } from "./scenario.ts"

const wanted = process.argv[2]
const chosen = wanted === "all" ? SCENARIOS : SCENARIOS.filter((scenario) => scenario.name === wanted)
if (chosen.length === 0) {
  console.log(
    `usage: pnpm scenario <name>, one of: ${SCENARIOS.map((scenario) => scenario.name).join(", ")}, all`,
  )
  process.exit(wanted === undefined ? 0 : 1)
}
let allAsTold = true
for (const scenario of chosen) {
  try {
    const result = await runScenario(scenario, (line) => console.log(line))
    allAsTold &&= result.asTold
  } catch (error) {
    // A story the rules refuse stops there, with the office's own explanation.
    console.log(`\n✗ the story stopped: ${(error as Error).message}`)
    allAsTold = false
  }
  console.log("")
}
process.exit(allAsTold ? 0 : 1)
